import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Variant } from 'dbus-next';
import { startPrivateBus, type PrivateBus } from '../../src/devtools/privateBus';
import { startSettingsService, type RunningSettingsService } from '../../src/devtools/settingsService';
import { BusConnection } from '../../src/bus/busConnection';
import { startAggregator, type RunningAggregator } from '../../src/app/aggregator';
import { claimIdentity } from '../../src/app/identity';
import { testConfig } from '../helpers/config';
import { setLogWriter } from '../../src/log/logger';
import { eventually, getValue, setValue } from '../helpers/busClient';
import { publishBattery, type TestBattery } from '../helpers/testBattery';

/** No battery is on this test bus: register at once rather than wait for one to report a voltage. */
const NO_STARTUP_WAIT = testConfig({ startupBatteryWait: 0 });

const AGGREGATE = 'com.victronenergy.battery.aggregator';
const SETTINGS = 'com.victronenergy.settings';
const INSTANCE_SETTING = '/Settings/Devices/BatteryAggregator/ClassAndVrmInstance';
const NAME_SETTING = '/Settings/Devices/BatteryAggregator/CustomName';

/**
 * The aggregator's identity on a GX: device instance and custom name kept by com.victronenergy.settings
 * (our dev settings service, persisting to a file as localsettings does to flash).
 */
describe('device instance and custom name through com.victronenergy.settings', () => {
  let bus: PrivateBus;
  let client: BusConnection;
  let battery: TestBattery;
  let dir: string;
  let file: string;
  let settings: RunningSettingsService | undefined;
  let aggregator: RunningAggregator | undefined;
  let logs: string[];
  let restoreLog: (line: string) => void;

  const start = async () => (aggregator = await startAggregator({ address: bus.address, config: NO_STARTUP_WAIT }));
  const stop = async () => {
    await aggregator?.stop();
    aggregator = undefined;
  };
  const value = async (service: string, path: string) => (await getValue(client, service, path)).value;

  before(async () => {
    bus = await startPrivateBus();
    client = await BusConnection.connect(bus.address);
    // A battery reporting a voltage, as on a GX: the aggregator registers at once instead of waiting for one.
    battery = await publishBattery(bus.address, 'com.victronenergy.battery.ttyS1', { '/Dc/0/Voltage': 52.4, '/Soc': 80 });
  });
  after(async () => {
    await battery?.stop();
    client?.close();
    await bus?.stop();
  });
  beforeEach(async () => {
    logs = [];
    restoreLog = setLogWriter((line) => logs.push(line));
    dir = mkdtempSync(join(tmpdir(), 'battery-aggregator-settings-'));
    file = join(dir, 'settings.json');
    settings = await startSettingsService({ address: bus.address, file });
  });
  afterEach(async () => {
    await stop();
    await settings?.stop();
    settings = undefined;
    setLogWriter(restoreLog);
    rmSync(dir, { recursive: true, force: true });
  });

  test('claims battery:1024 and keeps it across restarts of the daemon and of the settings service', async () => {
    await start();
    assert.equal(await value(AGGREGATE, '/DeviceInstance'), 1024);
    assert.equal(await value(SETTINGS, INSTANCE_SETTING), 'battery:1024');
    await stop();
    await settings!.stop();
    settings = await startSettingsService({ address: bus.address, file });
    // Another device asks for 1024 meanwhile: it gets the next one, and ours stays where it was.
    const other = await claimIdentity(client, { uniqueId: 'SomeOtherBattery', preferredInstance: 1024 });
    assert.equal(other.deviceInstance, 1025);
    other.close();
    await start();
    assert.equal(await value(AGGREGATE, '/DeviceInstance'), 1024);
    assert.equal(JSON.parse(readFileSync(file, 'utf8'))[INSTANCE_SETTING].value, 'battery:1024');
  });

  test('two services asking for the same instance get different ones, each stable', async () => {
    const first = await claimIdentity(client, { uniqueId: 'virtbatt_1', preferredInstance: 1056 });
    const second = await claimIdentity(client, { uniqueId: 'virtbatt_2', preferredInstance: 1056 });
    const other = await claimIdentity(client, { uniqueId: 'virtbatt_3', preferredInstance: 1056, deviceClass: 'dcload' });
    assert.equal(first.deviceInstance, 1056);
    assert.equal(second.deviceInstance, 1057);
    assert.equal(other.deviceInstance, 1056, 'instances are unique per device class');
    const again = await claimIdentity(client, { uniqueId: 'virtbatt_2', preferredInstance: 1056 });
    assert.equal(again.deviceInstance, 1057);
    for (const identity of [first, second, other, again]) identity.close();
  });

  test('a /CustomName set over D-Bus is stored in the settings and survives a restart', async () => {
    await start();
    assert.equal(await value(AGGREGATE, '/CustomName'), '');
    assert.equal(await setValue(client, AGGREGATE, '/CustomName', new Variant('s', 'House bank')), 0);
    await eventually(async () => ((await value(SETTINGS, NAME_SETTING)) === 'House bank' ? true : undefined), 3000, 'the name in the settings');
    await stop();
    await settings!.stop();
    settings = await startSettingsService({ address: bus.address, file });
    await start();
    assert.equal(await value(AGGREGATE, '/CustomName'), 'House bank');
  });

  test('a change made in the settings (the GX GUI) reaches /DeviceInstance and /CustomName', async () => {
    await start();
    assert.equal(await setValue(client, SETTINGS, INSTANCE_SETTING, new Variant('s', 'battery:7')), 0);
    assert.equal(await setValue(client, SETTINGS, NAME_SETTING, new Variant('s', 'Renamed')), 0);
    await eventually(async () => ((await value(AGGREGATE, '/DeviceInstance')) === 7 ? true : undefined), 3000, '/DeviceInstance 7');
    await eventually(async () => ((await value(AGGREGATE, '/CustomName')) === 'Renamed' ? true : undefined), 3000, '/CustomName');
    assert.ok(logs.some((line) => /INFO +identity: .*ClassAndVrmInstance changed in the settings to "battery:7"/.test(line)), logs.join(''));
  });

  test('without a settings service: the preferred instance, the name in memory, a warning; claimed once it appears', async () => {
    await settings!.stop();
    settings = undefined;
    await start();
    assert.equal(await value(AGGREGATE, '/DeviceInstance'), 1024);
    assert.ok(logs.some((line) => /WARNING identity: com\.victronenergy\.settings is not on the bus; using device instance 1024/.test(line)), logs.join(''));
    assert.equal(await setValue(client, AGGREGATE, '/CustomName', new Variant('s', 'Kept in memory')), 0);
    assert.equal(await value(AGGREGATE, '/CustomName'), 'Kept in memory');

    settings = await startSettingsService({ address: bus.address, file });
    await eventually(async () => ((await value(SETTINGS, NAME_SETTING).catch(() => undefined)) === 'Kept in memory' ? true : undefined), 3000, "the name saved on appearance").catch((err: Error) => assert.fail(`${err.message}\n${logs.join("")}`));
    assert.equal(await value(SETTINGS, INSTANCE_SETTING), 'battery:1024');
    assert.equal(await value(AGGREGATE, '/CustomName'), 'Kept in memory');
  });
});
