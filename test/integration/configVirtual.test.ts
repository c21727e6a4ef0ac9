import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startPrivateBus, type PrivateBus } from '../../src/devtools/privateBus';
import { BusConnection } from '../../src/bus/busConnection';
import { startAggregator, type RunningAggregator } from '../../src/app/aggregator';
import { testConfig } from '../helpers/config';
import { setLogWriter } from '../../src/log/logger';
import { publishBattery, type TestBattery } from '../helpers/testBattery';
import { eventually, getItems, getValue } from '../helpers/busClient';

const AGGREGATE = 'com.victronenergy.battery.aggregator';
const HOUSE = 'com.victronenergy.battery.house';
const BMS1 = 'com.victronenergy.battery.ttyS6';
const SHUNT1 = 'com.victronenergy.battery.ttyUSB0';
const BMS2 = 'com.victronenergy.battery.ttyS7';
const SHUNT2 = 'com.victronenergy.battery.ttyUSB1';
const SPARE = 'com.victronenergy.battery.spare';
const VIRTUAL1 = 'com.victronenergy.battery.virtual1';
const VIRTUAL2 = 'com.victronenergy.battery.virtual2';

const bms = (soc: number) => ({ '/Dc/0/Voltage': 52.4, '/Dc/0/Current': -9, '/Soc': soc, '/System/MinCellVoltage': 3.2, '/Info/MaxChargeCurrent': 100 });
const shunt = (soc: number, current: number) => ({ '/Dc/0/Voltage': 52.41, '/Dc/0/Current': current, '/Soc': soc });

describe('config: virtual batteries of a BMS and a shunt, aggregated, and a second aggregator over the first', () => {
  let bus: PrivateBus;
  let client: BusConnection;
  let lower: RunningAggregator;
  let upper: RunningAggregator;
  const batteries = new Map<string, TestBattery>();
  let restoreLog: (line: string) => void;
  const start = async (name: string, values: Record<string, number>) => batteries.set(name, await publishBattery(bus.address, name, values));
  const until = (service: string, path: string, expected: unknown) =>
    eventually(async () => ((await getValue(client, service, path)).value === expected ? true : undefined), 2000, `${service} ${path} = ${String(expected)}`);

  before(async () => {
    restoreLog = setLogWriter(() => undefined);
    bus = await startPrivateBus();
    client = await BusConnection.connect(bus.address);
    await start(BMS1, bms(70));
    await start(SHUNT1, shunt(64, -10));
    await start(BMS2, bms(90));
    await start(SHUNT2, shunt(80, -20));
    await start(SPARE, { '/Dc/0/Voltage': 52, '/Dc/0/Current': -5, '/Soc': 50 });
    lower = await startAggregator({
      address: bus.address,
      config: testConfig({
        virtualBatteries: {
          [VIRTUAL1]: { [SHUNT1]: ['/Soc', '/Dc/0/Current'], [BMS1]: [] },
          [VIRTUAL2]: { [SHUNT2]: ['/Soc', '/Dc/0/Current'], [BMS2]: [] },
        },
        excludedServices: [SPARE],
      }),
    });
    upper = await startAggregator({ address: bus.address, config: testConfig({ serviceName: HOUSE }) });
  });

  after(async () => {
    await upper?.stop();
    await lower?.stop();
    for (const battery of batteries.values()) await battery.stop();
    client?.close();
    await bus?.stop();
    setLogWriter(restoreLog);
  });

  test('each virtual battery is its own Victron battery service, merged path by path in config order', async () => {
    const items = await getItems(client, VIRTUAL1);
    const value = (path: string) => items.get(path)?.value;
    assert.equal(value('/ProductName'), 'Virtual Battery');
    assert.equal(value('/Connected'), 1);
    assert.equal(value('/System/Batteries'), JSON.stringify([SHUNT1, BMS1]));
    assert.equal(value('/Soc'), 64);
    assert.equal(value('/Dc/0/Current'), -10);
    assert.equal(value('/Dc/0/Voltage'), 52.4); // the shunt supplies only /Soc and /Dc/0/Current
    assert.equal(value('/System/MinCellVoltage'), 3.2);
    assert.equal(value('/Info/MaxChargeCurrent'), 100);
    const instances = await Promise.all([AGGREGATE, VIRTUAL1, VIRTUAL2, HOUSE].map(async (s) => (await getValue(client, s, '/DeviceInstance')).value));
    assert.equal(new Set(instances.slice(0, 3)).size, 3, `distinct device instances: ${instances.join(', ')}`);
  });

  test('the aggregate is built from the virtual batteries, not from their members', async () => {
    const items = await getItems(client, AGGREGATE);
    const value = (path: string) => items.get(path)?.value;
    assert.equal(value('/System/Batteries'), JSON.stringify([VIRTUAL1, VIRTUAL2]));
    assert.equal(value('/Dc/0/Current'), -30);
    assert.equal(value('/Soc'), 72);
    assert.equal(value('/Info/MaxChargeCurrent'), 200);
  });

  test('the second aggregator holds the first plus the spare, and the first does not hold the second back', async () => {
    assert.equal((await getValue(client, HOUSE, '/System/Batteries')).value, JSON.stringify([AGGREGATE, SPARE]));
    assert.equal((await getValue(client, HOUSE, '/Dc/0/Current')).value, -35);
    assert.equal((await getValue(client, AGGREGATE, '/System/Batteries')).value, JSON.stringify([VIRTUAL1, VIRTUAL2]));
  });

  test('a shunt that vanishes hands its paths to the BMS, through every level', async () => {
    await batteries.get(SHUNT1)!.stop();
    await until(VIRTUAL1, '/Soc', 70);
    assert.equal((await getValue(client, VIRTUAL1, '/System/Batteries')).value, JSON.stringify([BMS1]));
    await until(AGGREGATE, '/Soc', 75);
    await until(AGGREGATE, '/Dc/0/Current', -29);
    await until(HOUSE, '/Dc/0/Current', -34);
    await start(SHUNT1, shunt(66, -11));
    await until(VIRTUAL1, '/Soc', 66);
    await until(HOUSE, '/Dc/0/Current', -36);
  });
});
