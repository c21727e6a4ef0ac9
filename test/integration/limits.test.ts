import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startPrivateBus, type PrivateBus } from '../../src/devtools/privateBus';
import { BusConnection } from '../../src/bus/busConnection';
import { BusItemService } from '../../src/bus/busItemService';
import { startAggregator, type RunningAggregator } from '../../src/app/aggregator';
import { itemDefinition } from '../../src/app/itemDefinition';
import type { Value } from '../../src/battery/value';
import { withDefaults } from '../../src/config/defaults';
import { setLogWriter } from '../../src/log/logger';
import { publishBattery, type TestBattery } from '../helpers/testBattery';
import { eventually, getValue } from '../helpers/busClient';

const AGGREGATE = 'com.victronenergy.battery.aggregator';
const SYSTEM = 'com.victronenergy.system';
const SETTINGS = 'com.victronenergy.settings';
const CCL = '/Info/MaxChargeCurrent';
const DCL = '/Info/MaxDischargeCurrent';
const CVL = '/Info/MaxChargeVoltage';
const DVCC = '/Control/Dvcc';
const USER_CCL = '/Settings/SystemSetup/MaxChargeCurrent';
const USER_CVL = '/Settings/SystemSetup/MaxChargeVoltage';

/** The reference's bank: 100, 200 and 300 Ah with own CCLs 50, 90 and 150 A -> 270 A when split by capacity. */
const battery = (capacity: number, ccl: number, cvl: number): Record<string, Value> => ({
  '/Dc/0/Voltage': 53.2,
  '/Dc/0/Current': 0,
  '/InstalledCapacity': capacity,
  '/Info/MaxChargeCurrent': ccl,
  '/Info/MaxDischargeCurrent': 2 * ccl,
  '/Info/MaxChargeVoltage': cvl,
  '/Io/AllowToCharge': 1,
  '/Io/AllowToDischarge': 1,
  '/Balancing': 0,
});

/** A GX service the test owns (system or settings): the project's own BusItemService on the bus. */
async function publishService(address: string, name: string, values: Record<string, Value>) {
  const connection = await BusConnection.connect(address);
  const service = new BusItemService(connection, name);
  for (const [path, value] of Object.entries(values)) service.define(path, itemDefinition(path, value));
  await service.register();
  return {
    set: (path: string, value: Value) => service.update(path, value),
    stop: async () => {
      await service.dispose();
      connection.close();
    },
  };
}

describe('charge limits on a private bus, with DVCC from system and settings services', () => {
  let bus: PrivateBus;
  let client: BusConnection;
  let aggregator: RunningAggregator;
  const batteries: TestBattery[] = [];
  const stops: Array<() => Promise<void>> = [];
  const logs: string[] = [];
  let restoreLog: (line: string) => void;

  const read = async (path: string) => (await getValue(client, AGGREGATE, path)).value;
  const becomes = (path: string, expected: unknown) =>
    eventually(async () => ((await read(path)) === expected ? true : undefined), 3000, `${path} = ${String(expected)}`);

  before(async () => {
    restoreLog = setLogWriter((line) => logs.push(line));
    bus = await startPrivateBus();
    client = await BusConnection.connect(bus.address);
    batteries.push(await publishBattery(bus.address, 'com.victronenergy.battery.b100', battery(100, 50, 56.8)));
    batteries.push(await publishBattery(bus.address, 'com.victronenergy.battery.b200', battery(200, 90, 56.4)));
    batteries.push(await publishBattery(bus.address, 'com.victronenergy.battery.b300', battery(300, 150, 57.0)));
    aggregator = await startAggregator({ address: bus.address, config: withDefaults({}) });
  });

  after(async () => {
    await aggregator?.stop();
    for (const battery of batteries) await battery.stop();
    for (const stop of stops) await stop();
    client?.close();
    await bus?.stop();
    setLogWriter(restoreLog);
  });

  test('without system and settings services DVCC is off: limits from the batteries, split by capacity', async () => {
    assert.equal(await read(CCL), 270);
    assert.equal(await read(DCL), 540);
    assert.equal(await read(CVL), 56.4);
    assert.equal(await read('/System/InternalResistances'), '[null,null,null]');
    assert.equal(await read('/Info/ChargeLimitation'), 'b200: own limit 90 A x ratio 3 (capacity split)');
    assert.equal(await read('/Info/DischargeLimitation'), 'b200: own limit 180 A x ratio 3 (capacity split)');
    assert.equal(await read('/Info/ChargeVoltageLimitation'), 'b200: own CVL 56.4 V (min of 3 batteries)');
    assert.ok(
      logs.some((line) => line.includes('/Info/MaxChargeCurrent = 270 A') && line.includes('capacity split: b100 50 A x 6 = 300 A, b200 90 A x 3 = 270 A')),
      `no explained CCL in the log:\n${logs.join('\n')}`,
    );
  });

  test('DVCC switching on applies the owner\'s limits; changing and removing them follows at once', async () => {
    const system = await publishService(bus.address, SYSTEM, { [DVCC]: 0 });
    stops.push(system.stop);
    const settings = await publishService(bus.address, SETTINGS, { [USER_CCL]: 120, [USER_CVL]: 55.2 });
    stops.push(settings.stop);
    // both services there, DVCC off: unchanged
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(await read(CCL), 270);

    system.set(DVCC, 1);
    await becomes(CCL, 120);
    await becomes(CVL, 55.2);
    await becomes('/Info/ChargeLimitation', 'DVCC limit 120 A (cclMode battery+dvcc)');
    await becomes('/Info/ChargeVoltageLimitation', 'DVCC voltage 55.2 V caps the min of 3 batteries');
    assert.equal(await read(DCL), 540, 'DVCC does not limit discharge');

    settings.set(USER_CCL, 60);
    await becomes(CCL, 60);
    settings.set(USER_CCL, -1); // Venus's "no limit"
    await becomes(CCL, 270);
    settings.set(USER_CVL, 58);
    await becomes(CVL, 56.4);
    assert.ok(logs.some((line) => line.includes('/Info/MaxChargeCurrent = 60 A (battery+dvcc: batteries 270 A, DVCC 60 A;')));

    settings.set(USER_CCL, 100);
    await becomes(CCL, 100);
    await system.stop();
    stops.splice(stops.indexOf(system.stop), 1);
    await becomes(CCL, 270); // the system service gone: DVCC off
  });

  test('a battery that stops charging and one that leaves change the split; IR and EMF lists stay aligned', async () => {
    const [b100, b200] = batteries;
    b200!.set({ '/Io/AllowToCharge': 0 });
    // b100 and b300 share 1/4 and 3/4: min(50 x 4, 150 x 4/3) = 200
    await becomes(CCL, 200);
    b200!.set({ '/Io/AllowToCharge': 1 });
    await becomes(CCL, 270);
    await b100!.stop();
    batteries.splice(0, 1);
    // 200 and 300 Ah: min(90 x 2.5, 150 x 5/3) = 225
    await becomes(CCL, 225);
    await becomes('/System/InternalResistances', '[null,null]');
    assert.equal(await read('/System/EMFs'), '[null,null]');
  });

  test('a discharging battery gets a measured resistance and EMF from its own readings', async () => {
    const b200 = batteries[0]!;
    for (let k = 0; k < 10; k++) {
      const current = -10 - 15 * k;
      b200.set({ '/Dc/0/Current': current });
      await new Promise((resolve) => setTimeout(resolve, 10));
      b200.set({ '/Dc/0/Voltage': 53.3 + 0.006 * current });
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const list = await eventually(async () => {
      const [r, other] = JSON.parse((await read('/System/InternalResistances')) as string) as Array<number | null>;
      return r !== null && r !== undefined ? [r, other] : undefined;
    }, 3000, 'a resistance for b200');
    assert.ok(Math.abs(list[0]! - 0.006) < 1e-9, `R = ${list[0]}`);
    assert.equal(list[1], null);
    const [emf] = JSON.parse((await read('/System/EMFs')) as string) as number[];
    assert.ok(Math.abs(emf! - 53.3) < 1e-6, `E = ${emf}`);
  });
});
