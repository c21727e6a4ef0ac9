import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Value } from '../../../src/battery/value';
import { createBank, stepBank } from '../../../src/sim/bankModel';
import { readings } from '../../../src/sim/batteryReadings';
import { visitShuntReadings } from '../../../src/sim/shuntService';

function shunt(bank: ReturnType<typeof createBank>): Record<string, Value> {
  const out: Record<string, Value> = {};
  visitShuntReadings(bank, (path, value) => (out[path] = value));
  return out;
}

test('the simulated shunt reads the sum of the packs\' published currents and the bank\'s voltage; a pack apart is not on its cable', () => {
  let bank = createBank([200, 200, 100, 200], { seed: 5, cellsOf: new Map([[3, 8]]) });
  for (let i = 0; i < 20; i++) {
    bank = stepBank(bank, 7);
    const packs = bank.batteries.slice(0, 3).map(readings);
    const sum = packs.reduce((total, pack) => total + (pack['/Dc/0/Current'] as number), 0);
    const read = shunt(bank);
    assert.ok(Math.abs((read['/Dc/0/Current'] as number) - sum) < 1e-9, `${String(read['/Dc/0/Current'])} vs ${sum}`);
    const voltages = packs.map((pack) => pack['/Dc/0/Voltage'] as number);
    assert.ok(Math.abs((read['/Dc/0/Voltage'] as number) - voltages.reduce((a, b) => a + b, 0) / 3) < 0.01);
    assert.ok(Math.abs(sum) > 2, 'the cycle moves current');
  }
  assert.deepEqual(Object.keys(shunt(bank)), ['/Dc/0/Voltage', '/Dc/0/Current', '/Dc/0/Power', '/Soc', '/ConsumedAmphours'], 'no limits, no cells');
});
