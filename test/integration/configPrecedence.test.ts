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
const A = 'com.victronenergy.battery.ttyS1';
const B = 'com.victronenergy.battery.ttyS2';
const SHUNT = 'com.victronenergy.battery.ttyS5';
const META = 'com.victronenergy.battery.meta';
const SPARE = 'com.victronenergy.battery.spare';
const GHOST = 'com.victronenergy.battery.ghost';

/** Polls the aggregate until `path` reads `expected`. */
async function until(client: BusConnection, path: string, expected: unknown, what = `${path} = ${String(expected)}`): Promise<void> {
  await eventually(async () => ((await getValue(client, AGGREGATE, path)).value === expected ? true : undefined), 2000, what);
}

describe('config: exclusion, primary and auxiliary services, name: references and capacity on a private bus', () => {
  let bus: PrivateBus;
  let client: BusConnection;
  let aggregator: RunningAggregator;
  const batteries = new Map<string, TestBattery>();
  const logs: string[] = [];
  let restoreLog: (line: string) => void;
  const start = async (name: string, values: Record<string, string | number | null>) => batteries.set(name, await publishBattery(bus.address, name, values));

  before(async () => {
    restoreLog = setLogWriter((line) => logs.push(line));
    bus = await startPrivateBus();
    client = await BusConnection.connect(bus.address);
    await start(A, { '/Dc/0/Voltage': 52.4, '/Dc/0/Current': -10, '/Soc': 80, '/CustomName': 'Rack A' });
    await start(B, { '/Dc/0/Voltage': 52.6, '/Dc/0/Current': -5, '/Soc': 90 });
    await start(SHUNT, { '/Dc/0/Voltage': 52.5, '/Dc/0/Current': -15, '/Soc': 50, '/CustomName': 'House shunt' });
    await start(META, { '/Dc/0/Temperature': 19, '/Soc': 10 });
    await start(SPARE, { '/Dc/0/Voltage': 51, '/Dc/0/Current': -100, '/Soc': 5, '/CustomName': 'Spare' });
    const config = testConfig({
      primaryServices: { 'name:House shunt': ['/Soc'] },
      auxiliaryServices: { [META]: ['/Dc/0/Temperature'] },
      excludedServices: ['name:Spare', 'name:Ghost'],
      capacity: 400,
    });
    aggregator = await startAggregator({ address: bus.address, config });
  });

  after(async () => {
    await aggregator?.stop();
    for (const battery of batteries.values()) await battery.stop();
    client?.close();
    await bus?.stop();
    setLogWriter(restoreLog);
  });

  test('the shunt\'s SoC is primary, the meta service\'s temperature auxiliary; neither they nor the excluded spare are aggregated', async () => {
    const items = await getItems(client, AGGREGATE);
    const value = (path: string) => items.get(path)?.value;
    assert.equal(value('/Soc'), 50);
    assert.equal(value('/Dc/0/Current'), -15);
    assert.equal(value('/Dc/0/Voltage'), 52.5);
    assert.equal(value('/Dc/0/Temperature'), 19);
    assert.equal(value('/System/Batteries'), JSON.stringify([A, B]));
    assert.equal(value('/InstalledCapacity'), 400);
    assert.equal(value('/Capacity'), 200); // 50 % of 400 Ah
  });

  test('an aggregated battery\'s valid temperature takes over from the auxiliary one', async () => {
    batteries.get(A)!.set({ '/Dc/0/Temperature': 25 });
    await until(client, '/Dc/0/Temperature', 25);
    batteries.get(A)!.set({ '/Dc/0/Temperature': null });
    await until(client, '/Dc/0/Temperature', 19);
  });

  test('the primary shunt vanishing gives the mean SoC; its return gives its SoC again', async () => {
    await batteries.get(SHUNT)!.stop();
    await until(client, '/Soc', 85);
    assert.equal((await getValue(client, AGGREGATE, '/Capacity')).value, 340);
    await start(SHUNT, { '/Dc/0/Voltage': 52.5, '/Dc/0/Current': -15, '/Soc': 48, '/CustomName': 'House shunt' });
    await until(client, '/Soc', 48);
    assert.equal((await getValue(client, AGGREGATE, '/System/NrOfBatteries')).value, 2);
  });

  test('name: follows /CustomName: a renamed battery is re-resolved at once', async () => {
    batteries.get(SPARE)!.set({ '/CustomName': 'Was spare' });
    await until(client, '/System/NrOfBatteries', 3, 'the renamed spare to be aggregated');
    batteries.get(SPARE)!.set({ '/CustomName': 'Spare' });
    await until(client, '/System/NrOfBatteries', 2, 'the spare to be excluded again');
  });

  test('a name no battery carries is logged once and waits; the battery that takes it is then excluded', async () => {
    assert.equal(logs.filter((line) => line.includes('name:Ghost') && line.includes('waiting')).length, 1);
    await start(GHOST, { '/Dc/0/Voltage': 40, '/Dc/0/Current': -1, '/CustomName': 'Ghost' });
    await eventually(() => (logs.some((line) => line.includes(`name:Ghost is ${GHOST}`)) ? true : undefined), 2000, 'name:Ghost resolved');
    assert.equal((await getValue(client, AGGREGATE, '/System/NrOfBatteries')).value, 2);
    assert.equal((await getValue(client, AGGREGATE, '/Dc/0/Current')).value, -15);
    assert.equal(logs.filter((line) => line.includes('name:Ghost') && line.includes('waiting')).length, 1);
  });
});
