import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startPrivateBus, type PrivateBus } from '../../src/devtools/privateBus';
import { BusConnection } from '../../src/bus/busConnection';
import { startAggregator, type RunningAggregator } from '../../src/app/aggregator';
import { testConfig } from '../helpers/config';
import { setLogWriter } from '../../src/log/logger';
import { publishBattery, type TestBattery } from '../helpers/testBattery';
import { eventually, getValue, listNames, recordItemsChanged } from '../helpers/busClient';

const AGGREGATE = 'com.victronenergy.battery.aggregator';
const A = 'com.victronenergy.battery.ttyS1';
const B = 'com.victronenergy.battery.ttyS2';
const BATTERY_B = { '/Dc/0/Voltage': 52.6, '/Dc/0/Current': -5, '/Info/MaxChargeCurrent': 90 };

describe('config: reconnectTimeout on a private bus', () => {
  let bus: PrivateBus;
  let client: BusConnection;
  let aggregator: RunningAggregator;
  let a: TestBattery;
  let b: TestBattery;
  const logs: string[] = [];
  let restoreLog: (line: string) => void;
  const read = async (path: string) => (await getValue(client, AGGREGATE, path)).value;

  before(async () => {
    restoreLog = setLogWriter((line) => logs.push(line));
    bus = await startPrivateBus();
    client = await BusConnection.connect(bus.address);
    a = await publishBattery(bus.address, A, { '/Dc/0/Voltage': 52.4, '/Dc/0/Current': -10, '/Info/MaxChargeCurrent': 50 });
    b = await publishBattery(bus.address, B, BATTERY_B);
    aggregator = await startAggregator({ address: bus.address, config: testConfig({ reconnectTimeout: 0.8 }) });
  });

  after(async () => {
    await aggregator?.stop();
    await a?.stop();
    await b?.stop();
    client?.close();
    await bus?.stop();
    setLogWriter(restoreLog);
  });

  test('a battery back within the timeout continues seamlessly: the bank never shrinks, its new values follow', async () => {
    assert.equal(await read('/Info/MaxChargeCurrent'), 100);
    const recorder = await recordItemsChanged(client, AGGREGATE);
    try {
      await b.stop();
      b = await publishBattery(bus.address, B, { ...BATTERY_B, '/Dc/0/Current': -7 });
      await eventually(async () => ((await read('/Dc/0/Current')) === -17 ? true : undefined), 2000, 'the returned battery\'s current');
      assert.ok(recorder.batches.every((batch) => !batch.items.has('/System/NrOfBatteries')), 'no change of the battery count');
      assert.ok(recorder.batches.every((batch) => !batch.items.has('/Info/MaxChargeCurrent')), 'no change of the charge limit');
    } finally {
      recorder.stop();
    }
  });

  test('a battery away longer than the timeout is held until then, and then leaves every output, its charge allowance included', async () => {
    const vanished = logs.length;
    await b.stop();
    await eventually(() => (logs.slice(vanished).some((line) => line.includes(`${B} vanished`)) ? true : undefined), 2000, 'the watcher to see it go');
    assert.equal(await read('/System/NrOfBatteries'), 2, 'held');
    await eventually(async () => ((await read('/System/NrOfBatteries')) === 1 ? true : undefined), 3000, 'the battery to leave');
    assert.equal(await read('/Info/MaxChargeCurrent'), 50);
    assert.equal(await read('/Dc/0/Current'), -10);
    b = await publishBattery(bus.address, B, BATTERY_B);
    await eventually(async () => ((await read('/System/NrOfBatteries')) === 2 ? true : undefined), 2000, 'the battery to join again');
  });
});

describe('config: startupBatteryWait', () => {
  let bus: PrivateBus;
  let client: BusConnection;
  const logs: string[] = [];
  let restoreLog: (line: string) => void;

  before(async () => {
    restoreLog = setLogWriter((line) => logs.push(line));
    bus = await startPrivateBus();
    client = await BusConnection.connect(bus.address);
  });

  after(async () => {
    client?.close();
    await bus?.stop();
    setLogWriter(restoreLog);
  });

  test('the service registers only once a battery reports a voltage, and says what it waits for meanwhile', async () => {
    const battery = await publishBattery(bus.address, A, { '/Dc/0/Voltage': null, '/Soc': 50 });
    const starting = startAggregator({ address: bus.address, config: testConfig({ startupBatteryWait: 20 }) });
    let aggregator: RunningAggregator | undefined;
    try {
      await eventually(() => (logs.some((line) => line.includes('waiting up to 20 s') && line.includes('/Dc/0/Voltage') && line.includes(`none of ${A} reports one yet`)) ? true : undefined), 3000, 'the waiting message');
      assert.ok(!(await listNames(client)).includes(AGGREGATE), 'not registered while waiting');
      battery.set({ '/Dc/0/Voltage': 52.1 });
      aggregator = await starting;
      assert.ok((await listNames(client)).includes(AGGREGATE));
      assert.equal((await getValue(client, AGGREGATE, '/Dc/0/Voltage')).value, 52.1);
    } finally {
      aggregator ??= await starting;
      await aggregator.stop();
      await battery.stop();
    }
  });

  test('with no voltage within the wait, it registers anyway with a warning', async () => {
    const battery = await publishBattery(bus.address, A, { '/Soc': 50 });
    const aggregator = await startAggregator({ address: bus.address, config: testConfig({ startupBatteryWait: 0.3 }) });
    try {
      assert.ok(logs.some((line) => line.includes('WARN') && line.includes('no aggregated battery reported /Dc/0/Voltage within 0.3 s')));
      assert.ok((await listNames(client)).includes(AGGREGATE));
    } finally {
      await aggregator.stop();
      await battery.stop();
    }
  });
});
