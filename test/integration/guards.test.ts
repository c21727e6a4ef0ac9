import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startPrivateBus, type PrivateBus } from '../../src/devtools/privateBus';
import { BusConnection } from '../../src/bus/busConnection';
import { startAggregator, type RunningAggregator } from '../../src/app/aggregator';
import { withDefaults } from '../../src/config/defaults';
import type { ConfigFile } from '../../src/config/codec';
import { setLogWriter } from '../../src/log/logger';
import { startSimulatedBank, type SimulatedBank } from '../../src/sim/simulatedBank';
import { publishBattery, type TestBattery } from '../helpers/testBattery';
import { eventually, getItems } from '../helpers/busClient';

/** The guards of issue 19 on a real private bus, with simulated batteries (the simulator's --runaway-cell, --nominal, --shunt). */

const AGGREGATE = 'com.victronenergy.battery.aggregator';
const SIM = 'com.victronenergy.battery.sim';
const WAIT_MS = 10_000;

interface Setup {
  bus: PrivateBus;
  client: BusConnection;
  bank: SimulatedBank;
  aggregator: RunningAggregator;
  logs: string[];
  extras: TestBattery[];
  stop(): Promise<void>;
}

async function setUp(config: object, bankOptions: { count: number; cellsOf?: ReadonlyMap<number, number>; shunt?: boolean }): Promise<Setup> {
  const logs: string[] = [];
  const restoreLog = setLogWriter((line) => logs.push(line));
  const bus = await startPrivateBus();
  const client = await BusConnection.connect(bus.address);
  const bank = await startSimulatedBank({ address: bus.address, capacityAh: 200, intervalMs: 100, seed: 4, ...bankOptions });
  const aggregator = await startAggregator({ address: bus.address, config: withDefaults(config as ConfigFile) });
  const extras: TestBattery[] = [];
  return {
    bus,
    client,
    bank,
    aggregator,
    logs,
    extras,
    async stop() {
      await aggregator.stop();
      await bank.stop();
      for (const extra of extras) await extra.stop();
      client.close();
      await bus.stop();
      setLogWriter(restoreLog);
    },
  };
}

/** The aggregate's items in one GetItems (one consistent moment), as plain values. */
async function items(client: BusConnection): Promise<Map<string, unknown>> {
  const all = await getItems(client, AGGREGATE);
  return new Map([...all].map(([path, item]) => [path, item.value]));
}

async function until(client: BusConnection, what: string, check: (items: Map<string, unknown>) => boolean): Promise<Map<string, unknown>> {
  return eventually(async () => {
    const now = await items(client);
    return check(now) ? now : undefined;
  }, WAIT_MS, what);
}

describe('cell over-voltage guard on a private bus: a simulated pack whose cell runs away', () => {
  let setup: Setup | undefined;
  after(async () => setup?.stop());

  test('a runaway cell holds the CVL at most at the bank voltage, the reason names the guard; it releases once the cell drops', async () => {
    setup = await setUp({ cellVoltageGuard: { maxCellVoltage: 3.55, hysteresis: 0.05, releaseTime: 0.5, lowerRate: 0 } }, { count: 3 });
    const { client, bank, logs } = setup;
    // 16 cells in bulk: each BMS asks 16 x 3.45 = 55.2 V
    await until(client, 'the rule\'s CVL of 55.2 V', (now) => now.get('/Info/MaxChargeVoltage') === 55.2);

    bank.setRunawayCell(0, 3.58);
    const guarded = await until(client, 'the guard capping the CVL', (now) => String(now.get('/Info/ChargeVoltageLimitation')).includes('cell over-voltage guard'));
    const cvl = guarded.get('/Info/MaxChargeVoltage') as number;
    const voltage = guarded.get('/Dc/0/Voltage') as number;
    assert.ok(cvl <= voltage, `CVL ${cvl} V at most the bank's ${voltage} V`);
    assert.ok(cvl < 55.2);
    assert.equal(guarded.get('/System/MaxCellVoltage'), 3.58);
    assert.ok(
      logs.some((line) => line.includes('WARNING') && line.includes('cell over-voltage guard: cell 3.58 V above 3.55 V')),
      `no warning from the guard:\n${logs.join('')}`,
    );
    // while the cell stays high the cap holds (checked at a few moments)
    for (let i = 0; i < 3; i++) {
      const now = await items(client);
      assert.ok((now.get('/Info/MaxChargeVoltage') as number) <= (now.get('/Dc/0/Voltage') as number) + 1e-9, 'still at most the bank voltage');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }

    bank.setRunawayCell(0, null);
    const released = await until(client, 'the CVL back to the rule', (now) => now.get('/Info/MaxChargeVoltage') === 55.2);
    assert.ok(!String(released.get('/Info/ChargeVoltageLimitation')).includes('cell over-voltage guard'), String(released.get('/Info/ChargeVoltageLimitation')));
    assert.ok(logs.some((line) => line.includes('CVL back to the rule')), 'the release is logged');
  });
});

describe('mixed nominal voltages on a private bus: a 24 V pack among 48 V ones', () => {
  let setup: Setup | undefined;
  after(async () => setup?.stop());

  test('the 24 V pack reaches no output and is named in a warning; a pack whose voltage comes to match joins; the 24 V one leaving empties the list', async () => {
    // sim3 is a 24 V pack (8 cells); settleTime short for the test
    setup = await setUp({ mixedVoltage: { settleTime: 0.3 } }, { count: 3, cellsOf: new Map([[2, 8]]) });
    const { client, bank, logs, bus, extras } = setup;
    const left = await until(client, 'sim3 left out', (now) => String(now.get('/System/ExcludedBatteries')).includes(`${SIM}3`));
    assert.equal(left.get('/System/NrOfBatteries'), 2);
    assert.equal(left.get('/System/Batteries'), JSON.stringify([`${SIM}1`, `${SIM}2`]));
    assert.equal(left.get('/Info/MaxChargeVoltage'), 55.2, 'not the 24 V pack\'s 27.6 V');
    assert.ok((left.get('/Dc/0/Voltage') as number) > 48, 'the mean of the 48 V packs only');
    assert.equal(left.get('/InstalledCapacity'), 400);
    assert.match(JSON.parse(left.get('/System/ExcludedBatteries') as string)[`${SIM}3`], /^mixed voltage: 2\d\.\d+ V, the bank 5\d\.?\d* V$/);
    assert.ok(
      logs.some((line) => line.includes('WARNING') && line.includes(`mixed-voltage guard: ${SIM}3 reports`) && line.includes('left out of every output')),
      `no warning naming sim3:\n${logs.join('')}`,
    );

    // a BMS whose voltage reads wrong, then right: left out, then aggregated again after the settle time
    const glitch = await publishBattery(bus.address, 'com.victronenergy.battery.glitch', {
      '/Dc/0/Voltage': 30,
      '/Dc/0/Current': 0,
      '/InstalledCapacity': 200,
      '/Info/MaxChargeVoltage': 55.2,
    });
    extras.push(glitch);
    await until(client, 'glitch left out too', (now) => String(now.get('/System/ExcludedBatteries')).includes('glitch'));
    glitch.set({ '/Dc/0/Voltage': (left.get('/Dc/0/Voltage') as number) });
    const joined = await until(client, 'glitch aggregated again', (now) => now.get('/System/NrOfBatteries') === 3);
    assert.equal(joined.get('/InstalledCapacity'), 600);
    assert.ok(logs.some((line) => line.includes('battery.glitch reports') && line.includes('aggregated again')), 'the rejoin is logged');

    await bank.dropBattery(2);
    const gone = await until(client, 'the list empty once sim3 leaves', (now) => now.get('/System/ExcludedBatteries') === '{}');
    assert.equal(gone.get('/System/NrOfBatteries'), 3, 'the bank unchanged by the left-out pack leaving');
  });
});

describe('limit smoothing on a private bus: a simulated pack whose own CCL steps down and up', () => {
  let setup: Setup | undefined;
  after(async () => setup?.stop());

  /** Every snapshot until `done` holds of one (polled as fast as the bus answers), that one last. */
  async function samplesUntil(client: BusConnection, what: string, done: (items: Map<string, unknown>) => boolean): Promise<Map<string, unknown>[]> {
    const seen: Map<string, unknown>[] = [];
    await eventually(async () => {
      const now = await items(client);
      seen.push(now);
      return done(now) ? now : undefined;
    }, 3 * WAIT_MS, what);
    return seen;
  }

  test('a fall of the CCL is published as it comes; the rise after it climbs in steps of 5 A, never above the rule, one warning', async () => {
    setup = await setUp({ limitSmoothing: { rampRate: 5 } }, { count: 1 });
    const { client, bank, logs } = setup;
    const CCL = '/Info/MaxChargeCurrent';
    const REASON = '/Info/ChargeLimitation';
    // one 200 Ah pack in bulk: its own 0.5 C, 100 A, is the bank's CCL (published at once: a first value)
    const start = await until(client, 'the rule\'s CCL of 100 A', (now) => now.get(CCL) === 100);
    assert.match(String(start.get(REASON)), /own limit 100 A/);

    bank.setChargeLimitCap(0, 85);
    const fall = await samplesUntil(client, 'the CCL at the capped 85 A', (now) => now.get(CCL) === 85);
    assert.deepEqual([...new Set(fall.map((now) => now.get(CCL)))], [100, 85], 'a fall goes straight to the rule\'s value');
    assert.match(String(fall.at(-1)!.get(REASON)), /own limit 85 A/, 'the rule\'s reason: nothing held back');

    bank.setChargeLimitCap(0, null);
    const rise = await samplesUntil(client, 'the CCL back at 100 A', (now) => now.get(CCL) === 100);
    const values = [...new Set(rise.map((now) => now.get(CCL) as number))];
    assert.ok(values.every((v) => [85, 90, 95, 100].includes(v)), `steps of 5 A from 85 A: ${values.join(', ')}`);
    assert.ok(values.includes(90) || values.includes(95), `no step between 85 and 100 A seen: ${values.join(', ')}`);
    for (let i = 1; i < values.length; i++) assert.ok(values[i]! > values[i - 1]!, `climbs: ${values.join(', ')}`);
    for (const now of rise) {
      const reason = String(now.get(REASON));
      const ramping = /^ramping to ([\d.]+) A at 5 A\/s \(limit smoothing\)$/.exec(reason);
      if (ramping) assert.ok((now.get(CCL) as number) <= Number(ramping[1]), `${now.get(CCL)} A above the rule's ${ramping[1]} A`);
      else assert.ok(now.get(CCL) === 85 || now.get(CCL) === 100, `${now.get(CCL)} A without the ramp as its reason: ${reason}`);
    }
    assert.ok(rise.some((now) => now.get(REASON) === 'ramping to 100 A at 5 A/s (limit smoothing)'), 'the reason names the ramp');
    assert.match(String(rise.at(-1)!.get(REASON)), /own limit 100 A/, 'caught up: the rule\'s reason again');
    const warnings = logs.filter((line) => line.includes('WARNING') && line.includes('limit smoothing'));
    assert.equal(warnings.length, 1, warnings.join(''));
    assert.match(warnings[0]!, /limit smoothing: CCL ramping from 85 A to 100 A at 5 A\/s/);
  });
});

describe('a shunt counted twice on a private bus: a SmartShunt on the main cable of three packs', () => {
  let setup: Setup | undefined;
  after(async () => setup?.stop());

  test('exactly one WARNING names the shunt with the config that fixes it', async () => {
    // the packs discharge from the start, so the shunt carries their sum; a short duration for the test
    setup = await setUp({ doubleCountedShunt: { duration: 3 } }, { count: 3, shunt: true });
    const { client, logs } = setup;
    const SHUNT = 'com.victronenergy.battery.shunt';
    await until(client, 'the shunt aggregated beside the packs', (now) => now.get('/System/NrOfBatteries') === 4);
    const warned = () => logs.filter((line) => line.includes('WARNING') && line.includes('shunt counted twice'));
    await eventually(async () => (warned().length > 0 ? true : undefined), WAIT_MS, 'the warning');
    const [line] = warned();
    assert.ok(line!.includes(`battery "SmartShunt" (${SHUNT}) carries the sum of the other batteries' current`), line);
    assert.ok(line!.includes(`"primaryServices": {"${SHUNT}": ["/Dc/0/Current"]}`) && line!.includes(`"excludedServices": ["${SHUNT}"]`), line);
    // once: not again while it keeps matching
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.equal(warned().length, 1, warned().join(''));
    assert.ok(!warned().some((l) => /battery\.sim\d/.test(l.split(' carries')[0]!)), 'no pack is named');
  });
});
