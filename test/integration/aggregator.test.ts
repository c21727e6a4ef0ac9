import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Variant } from 'dbus-next';
import { startPrivateBus, type PrivateBus } from '../../src/devtools/privateBus';
import { BusConnection } from '../../src/bus/busConnection';
import { startAggregator, type RunningAggregator } from '../../src/app/aggregator';
import { withDefaults } from '../../src/config/defaults';
import { setLogWriter } from '../../src/log/logger';
import { publishBattery, type TestBattery } from '../helpers/testBattery';
import { eventually, getItems, getValue, recordItemsChanged, setValue } from '../helpers/busClient';
import type { ConfigFile } from '../../src/config/codec';

const AGGREGATE = 'com.victronenergy.battery.aggregator';
const A = 'com.victronenergy.battery.ttyS1';
const B = 'com.victronenergy.battery.ttyS2';
const C = 'com.victronenergy.battery.ttyS3';
const SHUNT = 'com.victronenergy.battery.shunt';

const BATTERY_A = {
  '/Dc/0/Voltage': 52.4,
  '/Dc/0/Current': -12.5,
  '/Dc/0/Power': -655,
  '/Dc/0/Temperature': 21.5,
  '/Soc': 80,
  '/Capacity': 160,
  '/InstalledCapacity': 200,
  '/ConsumedAmphours': -40,
  '/TimeToGo': 46080,
  '/Info/MaxChargeVoltage': 55.2,
  '/Info/MaxChargeCurrent': 100,
  '/Info/MaxDischargeCurrent': 150,
  '/Info/BatteryLowVoltage': 46.4,
  '/Info/ChargeMode': 'Bulk',
  '/Io/AllowToCharge': 1,
  '/Io/AllowToDischarge': 1,
  '/Io/AllowToBalance': 1,
  '/Balancing': 0,
  '/System/MinCellVoltage': 3.27,
  '/System/MaxCellVoltage': 3.29,
  '/System/MinVoltageCellId': 'C4',
  '/System/MaxVoltageCellId': 'C9',
  '/System/MinCellTemperature': 20,
  '/System/MaxCellTemperature': 22,
  '/System/NrOfModulesOnline': 1,
  '/Alarms/LowVoltage': 0,
  '/Alarms/HighTemperature': 1,
  '/CustomName': 'Rack A',
};

const BATTERY_B = {
  ...BATTERY_A,
  '/Dc/0/Voltage': 52.6,
  '/Dc/0/Current': -7.5,
  '/Dc/0/Power': -394.5,
  '/Dc/0/Temperature': 23,
  '/Soc': 90,
  '/Info/MaxChargeVoltage': 55.0,
  '/Info/MaxChargeCurrent': 80,
  '/Info/ChargeMode': 'Absorption',
  '/System/MinCellVoltage': 3.25,
  '/System/MinVoltageCellId': 'C2',
  '/Alarms/HighTemperature': 2,
  '/Alarms/FuseBlown': 0,
  '/CustomName': '',
};

describe('the aggregator on a private bus', () => {
  let bus: PrivateBus;
  let client: BusConnection;
  let aggregator: RunningAggregator;
  const batteries: TestBattery[] = [];
  const logs: string[] = [];
  let restoreLog: (line: string) => void;

  before(async () => {
    restoreLog = setLogWriter((line) => logs.push(line));
    bus = await startPrivateBus();
    client = await BusConnection.connect(bus.address);
    batteries.push(await publishBattery(bus.address, A, BATTERY_A));
    batteries.push(await publishBattery(bus.address, B, BATTERY_B));
    batteries.push(await publishBattery(bus.address, SHUNT, { '/Dc/0/Current': -20, '/Soc': 50 }));
    const config = withDefaults({ excludedServices: [SHUNT] } as unknown as ConfigFile);
    aggregator = await startAggregator({ address: bus.address, config });
  });

  after(async () => {
    await aggregator?.stop();
    for (const battery of batteries) await battery.stop();
    client?.close();
    await bus?.stop();
    setLogWriter(restoreLog);
  });

  test('a client reading GetItems sees the aggregate of the batteries present at start, excluding the shunt', async () => {
    const items = await getItems(client, AGGREGATE);
    const value = (path: string) => items.get(path)?.value;
    assert.equal(value('/Dc/0/Current'), -20);
    assert.equal(value('/Dc/0/Power'), -1049.5);
    assert.equal(value('/Dc/0/Voltage'), 52.5);
    assert.equal(value('/Soc'), 85);
    assert.equal(value('/Capacity'), 320);
    assert.equal(value('/InstalledCapacity'), 400);
    assert.equal(value('/Dc/0/Temperature'), 23);
    assert.equal(value('/System/MinCellVoltage'), 3.25);
    assert.equal(value('/System/MinVoltageCellId'), 'ttyS2 C2');
    assert.equal(value('/System/MaxVoltageCellId'), 'Rack A C9');
    assert.equal(value('/Info/ChargeMode'), 'Absorption Transition');
    assert.equal(value('/Info/MaxChargeVoltage'), 55);
    assert.equal(value('/Info/MaxChargeCurrent'), 160); // count: min(100, 80) x 2
    assert.equal(value('/Info/MaxDischargeCurrent'), 300);
    assert.equal(value('/Alarms/HighTemperature'), 2);
    assert.equal(value('/Alarms/LowVoltage'), 0);
    assert.equal(value('/Alarms/FuseBlown'), 0);
    assert.equal(value('/Alarms/LowSoc'), 0);
    assert.equal(value('/System/Batteries'), JSON.stringify([A, B]));
    assert.equal(value('/System/NrOfBatteries'), 2);
    assert.equal(value('/System/BatteriesParallel'), 2);
    assert.equal(value('/System/BatteriesSeries'), 1);
    assert.equal(value('/Connected'), 1);
    assert.equal(value('/ProductName'), 'Battery Aggregator');
    assert.equal(value('/DeviceInstance'), 1024);
    assert.equal(value('/Mgmt/Connection'), 'dbus');
  });

  test('values carry the D-Bus types the protocol prescribes', async () => {
    const items = await getItems(client, AGGREGATE);
    const signature = (path: string) => items.get(path)?.signature;
    for (const path of ['/Dc/0/Voltage', '/Dc/0/Current', '/Soc', '/InstalledCapacity', '/Info/MaxChargeCurrent']) {
      assert.equal(signature(path), 'd', path);
    }
    for (const path of ['/DeviceInstance', '/Connected', '/System/NrOfBatteries', '/Alarms/HighTemperature', '/Io/AllowToCharge', '/ProductId']) {
      assert.equal(signature(path), 'i', path);
    }
    for (const path of ['/ProductName', '/Mgmt/ProcessName', '/System/Batteries', '/Info/ChargeMode', '/CustomName']) {
      assert.equal(signature(path), 's', path);
    }
    assert.equal(items.get('/Dc/0/Voltage')?.text, '52.50V');
    assert.equal(items.get('/ProductId')?.text, '0x0');
  });

  test('a battery change reaches the aggregate as one ItemsChanged with only the changed paths', async () => {
    const recorder = await recordItemsChanged(client, AGGREGATE);
    try {
      const started = performance.now();
      batteries[0]!.set({ '/Dc/0/Current': -22.5, '/Dc/0/Power': -1179 });
      const batch = await eventually(() => recorder.batches.find((b) => b.items.has('/Dc/0/Current')), 2000, 'ItemsChanged');
      // the bank's time to go follows its current (timeToGoMode "bank")
      assert.deepEqual([...batch.items.keys()].sort(), ['/Dc/0/Current', '/Dc/0/Power', '/TimeToGo']);
      assert.deepEqual(batch.items.get('/Dc/0/Current'), { signature: 'd', value: -30 });
      assert.ok(batch.at - started < 1000, `took ${batch.at - started} ms`);
      assert.equal(recorder.batches.length, 1);
    } finally {
      recorder.stop();
    }
  });

  test('a battery that appears joins every aggregate, and its departure removes it again', async () => {
    const third = await publishBattery(bus.address, C, { '/Dc/0/Current': -10, '/Soc': 40, '/Io/AllowToCharge': 0 });
    try {
      await eventually(async () => ((await getValue(client, AGGREGATE, '/System/NrOfBatteries')).value === 3 ? true : undefined), 1000, '3 batteries');
      assert.equal((await getValue(client, AGGREGATE, '/Dc/0/Current')).value, -40);
      assert.equal((await getValue(client, AGGREGATE, '/Info/MaxChargeCurrent')).value, 160); // the blocked one does not count
    } finally {
      await third.stop();
    }
    await eventually(async () => ((await getValue(client, AGGREGATE, '/System/NrOfBatteries')).value === 2 ? true : undefined), 1000, '2 batteries');
    assert.equal((await getValue(client, AGGREGATE, '/Dc/0/Current')).value, -30);
  });

  test('an invalid value is published as an empty ai array', async () => {
    batteries[0]!.set({ '/Info/MaxChargeVoltage': null });
    batteries[1]!.set({ '/Info/MaxChargeVoltage': null });
    const value = await eventually(async () => {
      const v = await getValue(client, AGGREGATE, '/Info/MaxChargeVoltage');
      return v.signature === 'ai' ? v : undefined;
    }, 1000, 'invalid CVL');
    assert.deepEqual(value, { signature: 'ai', value: [] });
  });

  test('a text where a number belongs is counted as invalid, logged once, and the service stays up', async () => {
    const before = aggregator.problems.total;
    batteries[1]!.setWire('/Dc/0/Temperature', 's', 'hot');
    await eventually(async () => ((await getValue(client, AGGREGATE, '/Dc/0/Temperature')).value === 21.5 ? true : undefined), 1000, 'temperature of A only');
    batteries[1]!.setWire('/Dc/0/Temperature', 's', 'hotter');
    await eventually(() => (aggregator.problems.total === before + 2 ? true : undefined), 1000, 'two rejections counted');
    assert.equal(logs.filter((line) => line.includes('/Dc/0/Temperature') && line.includes('rejected')).length, 1);
  });

  test('a GetValue without an interface field, as velib clients send it, is answered', async () => {
    const reply = await client.call({ destination: AGGREGATE, path: '/System/NrOfBatteries', member: 'GetValue' }, 5000);
    assert.equal((reply.body[0] as Variant).value, 2);
  });

  test('a battery that restarts under the same name is read afresh, its old values gone', async () => {
    const restarted = batteries[1]!;
    await restarted.stop();
    await eventually(async () => ((await getValue(client, AGGREGATE, '/System/NrOfBatteries')).value === 1 ? true : undefined), 1000, 'one battery');
    batteries[1] = await publishBattery(bus.address, B, { ...BATTERY_B, '/Soc': 30 });
    await eventually(async () => ((await getValue(client, AGGREGATE, '/Soc')).value === 55 ? true : undefined), 1000, 'mean SoC with the new B');
    assert.equal((await getValue(client, AGGREGATE, '/System/NrOfBatteries')).value, 2);
  });

  test('only /LogLevel and /CustomName accept SetValue; wrong values are refused with the protocol codes', async () => {
    assert.equal(await setValue(client, AGGREGATE, '/Soc', new Variant('d', 10)), 1);
    assert.equal(await setValue(client, AGGREGATE, '/LogLevel', new Variant('s', 'LOUD')), 2);
    assert.equal(await setValue(client, AGGREGATE, '/LogLevel', new Variant('i', 3)), 1);
    assert.equal(await setValue(client, AGGREGATE, '/LogLevel', new Variant('s', 'WARNING')), 0);
    assert.equal((await getValue(client, AGGREGATE, '/LogLevel')).value, 'WARNING');
    assert.equal(await setValue(client, AGGREGATE, '/LogLevel', new Variant('s', 'INFO')), 0);
    assert.equal(await setValue(client, AGGREGATE, '/CustomName', new Variant('s', 'House bank')), 0);
    assert.equal((await getValue(client, AGGREGATE, '/CustomName')).value, 'House bank');
    assert.notEqual((await getValue(client, AGGREGATE, '/Soc')).value, 10);
  });
});
