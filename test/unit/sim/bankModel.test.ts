import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { bankSoc, createBank, stepBank, stepBankBy, type BankState, type CyclePhase } from '../../../src/sim/bankModel';
import { withRunawayCell } from '../../../src/sim/batteryModel';
import { readings } from '../../../src/sim/batteryReadings';
import { shareCurrent, type ParallelBranch } from '../../../src/sim/currentSharing';

const CAPACITIES = [100, 200, 280];
const near = (a: number, b: number, tolerance = 1e-6) => Math.abs(a - b) <= tolerance;
const sumOf = (values: readonly number[]) => values.reduce((sum, v) => sum + v, 0);

test('a full cycle: discharge, bulk, absorption, float, discharge, cells within 2.8-3.65 V, currents adding up', () => {
  let bank = createBank(CAPACITIES, { seed: 5 });
  const phases: CyclePhase[] = [bank.phase];
  let minCell = Infinity;
  let maxCell = -Infinity;
  for (let t = 0; t < 12 * 3600; t += 10) {
    bank = stepBankBy(bank, 10);
    if (phases[phases.length - 1] !== bank.phase) phases.push(bank.phase);
    assert.ok(near(sumOf(bank.batteries.map((b) => b.currentA)), bank.currentA));
    assert.ok(near(bank.currentA, bank.requestedA, 1e-6) || bank.phase !== 'discharge', `${bank.currentA} of ${bank.requestedA} at ${t}`);
    for (const battery of bank.batteries) {
      const r = readings(battery);
      minCell = Math.min(minCell, r['/System/MinCellVoltage'] as number);
      maxCell = Math.max(maxCell, r['/System/MaxCellVoltage'] as number);
    }
  }
  assert.deepEqual(phases.slice(0, 5), ['discharge', 'bulk', 'absorption', 'float', 'discharge']);
  assert.ok(minCell >= 2.8 && maxCell <= 3.65, `${minCell}-${maxCell}`);
  assert.ok(minCell < 3.25 && maxCell > 3.44, `the cycle spans the curve: ${minCell}-${maxCell}`);
});

test('batteries share the bank current in inverse proportion to their resistance, and it sums to the bank current', () => {
  const branches: ParallelBranch[] = [0.008, 0.004, 0.0029].map((r) => ({ emfV: 52.8, resistanceOhm: r, maxChargeA: 500, maxDischargeA: 500 }));
  const { currents } = shareCurrent(-120, branches);
  assert.ok(near(sumOf(currents), -120));
  for (let i = 0; i < 3; i++) assert.ok(near(currents[i]! * branches[i]!.resistanceOhm, currents[0]! * 0.008), 'same I R drop');
});

test('a fuller battery carries more of the discharge and less of the charge', () => {
  const full = { emfV: 53.1, resistanceOhm: 0.004, maxChargeA: 100, maxDischargeA: 100 };
  const empty = { ...full, emfV: 52.9 };
  const discharge = shareCurrent(-60, [full, empty]).currents;
  const charge = shareCurrent(60, [full, empty]).currents;
  assert.ok(discharge[0]! < discharge[1]!);
  assert.ok(charge[0]! < charge[1]!);
});

test('sharing: within every BMS bound, summing to the bank current as far as the bounds allow', () => {
  const branch = fc.record({
    emfV: fc.double({ min: 46, max: 55, noNaN: true }),
    resistanceOhm: fc.double({ min: 0.002, max: 0.012, noNaN: true }),
    maxChargeA: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 200, noNaN: true })),
    maxDischargeA: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 200, noNaN: true })),
  });
  fc.assert(
    fc.property(fc.array(branch, { minLength: 1, maxLength: 8 }), fc.double({ min: -800, max: 800, noNaN: true }), (branches, bankCurrent) => {
      const { currents } = shareCurrent(bankCurrent, branches);
      currents.forEach((current, i) => {
        assert.ok(current <= branches[i]!.maxChargeA + 1e-9 && current >= -branches[i]!.maxDischargeA - 1e-9);
      });
      const achievable = Math.min(Math.max(bankCurrent, -sumOf(branches.map((b) => b.maxDischargeA))), sumOf(branches.map((b) => b.maxChargeA)));
      assert.ok(near(sumOf(currents), achievable, 1e-6), `${sumOf(currents)} vs ${achievable}`);
    }),
  );
});

test('a battery that blocks charging takes no charge current; the others take it all', () => {
  let bank = createBank(CAPACITIES, { seed: 2 });
  while (bank.phase !== 'bulk') bank = stepBankBy(bank, 10);
  const blocked: BankState = { ...bank, batteries: bank.batteries.map((b, i) => (i === 1 ? { ...b, temperatureC: -5, allowCharge: false } : b)) };
  const next = stepBankBy(blocked, 10);
  assert.ok(next.requestedA > 0);
  assert.ok(next.batteries[1]!.currentA <= 0, String(next.batteries[1]!.currentA));
  assert.ok(near(next.currentA, next.requestedA), 'the others take it all');
  assert.equal(readings(next.batteries[1]!)['/Io/AllowToCharge'], 0);
});

test('deterministic for a seed, different for another', () => {
  const run = (seed: number) => {
    let bank = createBank(CAPACITIES, { seed, timeScale: 60 });
    for (let i = 0; i < 200; i++) bank = stepBank(bank, 1);
    return bank.batteries.map((b) => readings(b));
  };
  assert.deepEqual(run(9), run(9));
  assert.notDeepEqual(run(9), run(10));
});

test('the time scale speeds the simulated time: SoC moves visibly every second at 30x', () => {
  const bank = createBank([200], { seed: 1, timeScale: 30, profile: { currentNoise: 0, loadHoldS: Infinity } });
  const next = stepBank(bank, 1);
  const expected = (-0.2 * 200 * 30) / 3600 / 200;
  assert.ok(near(bankSoc(next) - bankSoc(bank), expected, 1e-9));
  assert.ok(Math.abs(bankSoc(next) - bankSoc(bank)) >= 0.001, 'at least 0.1 % a second');
});

test('resistances differ between batteries, within 2-12 mOhm and lower for bigger packs', () => {
  const bank = createBank([50, 100, 200, 200, 280, 1000], { seed: 3 });
  const resistances = bank.batteries.map((b) => b.params.resistanceOhm);
  assert.ok(resistances.every((r) => r >= 0.002 && r <= 0.012), resistances.join());
  assert.notEqual(resistances[2], resistances[3]);
  assert.ok(resistances[1]! > resistances[4]!);
});

test('--cells and --nominal: every voltage path follows the cell count; a pack of another count rests on its own bus', () => {
  let bank = createBank([200, 200, 100], { seed: 3, cellsOf: new Map([[2, 8]]) });
  for (let t = 0; t < 600; t += 10) bank = stepBankBy(bank, 10);
  const [big, , small] = bank.batteries.map(readings);
  assert.equal(small!['/System/NrOfCellsPerBattery'], 8);
  assert.equal(small!['/Info/MaxChargeVoltage'], 27.6, '8 x 3.45 V');
  assert.equal(small!['/Info/BatteryLowVoltage'], 23.2);
  assert.ok((small!['/Dc/0/Voltage'] as number) > 24 && (small!['/Dc/0/Voltage'] as number) < 28, `a 24 V pack: ${small!['/Dc/0/Voltage']}`);
  assert.ok((big!['/Dc/0/Voltage'] as number) > 48, `a 48 V pack: ${big!['/Dc/0/Voltage']}`);
  assert.equal(small!['/Dc/0/Current'], 0, 'not on the bank\'s bus: no current');
  assert.ok(near(bank.currentA, bank.batteries[0]!.currentA + bank.batteries[1]!.currentA));
  assert.equal(bank.installedAh, 400, 'the bank is the packs on its bus');
  const twelve = readings(createBank([100], { cells: 4 }).batteries[0]!);
  assert.equal(twelve['/Info/MaxChargeVoltage'], 13.8);
});

test('--runaway-cell: one cell held at V, with the pack voltage, the cell extremes, its id and the alarm consistent', () => {
  const bank = createBank([200, 200], { seed: 2, runaway: { index: 0, voltage: 3.58 } });
  const [runaway, normal] = bank.batteries.map(readings);
  assert.equal(runaway!['/System/MaxCellVoltage'], 3.58);
  assert.equal(runaway!['/Alarms/HighCellVoltage'], 1, 'above the 3.55 V warning');
  assert.ok((normal!['/System/MaxCellVoltage'] as number) < 3.4);
  const plain = readings(withRunawayCell(bank.batteries[0]!, null));
  const cell = Number(String(runaway!['/System/MaxVoltageCellId']).slice(1)) - 1;
  assert.equal(bank.batteries[0]!.runaway!.cell, cell, 'the id names the runaway cell');
  // the pack voltage is the cells' sum: it rises by what the runaway cell gained
  const gained = (runaway!['/Dc/0/Voltage'] as number) - (plain['/Dc/0/Voltage'] as number);
  assert.ok(gained > 0.2 && gained < 0.4, `pack +${gained} V`);
  let stepped = bank;
  for (let t = 0; t < 100; t += 10) stepped = stepBankBy(stepped, 10);
  assert.equal(readings(stepped.batteries[0]!)['/System/MaxCellVoltage'], 3.58, 'held while the model runs');
});
