import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { startPrivateBus, type PrivateBus } from '../../src/devtools/privateBus';
import { startSettingsService, type RunningSettingsService } from '../../src/devtools/settingsService';
import { eventually } from '../helpers/busClient';
import { run } from '../helpers/processes';

const SETTINGS = 'com.victronenergy.settings';

/** The dev settings service as velib's settingsdevice and the `dbus` tool talk to it, checked with busctl. */
describe('the dev com.victronenergy.settings, over the wire', () => {
  let bus: PrivateBus;
  let settings: RunningSettingsService;
  const busctl = async (...args: string[]) => (await run('busctl', [`--address=${bus.address}`, 'call', SETTINGS, ...args])).stdout.trim();

  before(async () => {
    bus = await startPrivateBus();
    settings = await startSettingsService({ address: bus.address });
  });
  after(async () => {
    await settings?.stop();
    await bus?.stop();
  });

  test("AddSetting on /Settings (velib's call): created once, bounds kept, the value never reset", async () => {
    const add = (value: string) => busctl('/Settings', 'com.victronenergy.Settings', 'AddSetting', 'ssvsvv', 'Devices/Test', 'Level', 'i', value, 'i', 'i', '0', 'i', '10');
    assert.equal(await add('5'), 'i 0');
    assert.equal(await busctl('/Settings/Devices/Test/Level', 'com.victronenergy.BusItem', 'GetValue'), 'v i 5');
    assert.equal(await busctl('/Settings/Devices/Test/Level', 'com.victronenergy.BusItem', 'SetValue', 'v', 'i', '7'), 'i 0');
    assert.equal(await add('5'), 'i 0');
    assert.equal(await busctl('/Settings/Devices/Test/Level', 'com.victronenergy.BusItem', 'GetValue'), 'v i 7');
    assert.equal(await busctl('/Settings/Devices/Test/Level', 'com.victronenergy.BusItem', 'SetValue', 'v', 'i', '11'), 'i -1');
    assert.equal(await busctl('/Settings/Devices/Test/Level', 'com.victronenergy.BusItem', 'GetMax'), 'v i 10');
    assert.equal(await busctl('/Settings/Devices/Test/Level', 'com.victronenergy.BusItem', 'GetDefault'), 'v i 5');
    const asText = await busctl('/Settings', 'com.victronenergy.Settings', 'AddSetting', 'ssvsvv', 'Devices/Test', 'Level', 's', 'x', 's', 'i', '0', 'i', '0');
    assert.equal(asText, 'i -5', 'the same setting as a string: a different type');
  });

  test('AddSettings answers the current value of each; GetItems and group nodes list them', async () => {
    const reply = await busctl('/', 'com.victronenergy.Settings', 'AddSettings', 'aa{sv}', '2',
      '2', 'path', 's', '/Settings/Devices/Test/ClassAndVrmInstance', 'default', 's', 'battery:1024',
      '2', 'path', 's', '/Settings/Devices/Test/Level', 'default', 'i', '5');
    assert.match(reply, /"error" i 0 "value" s "battery:1024"/);
    assert.match(reply, /"error" i 0 "value" i 7/);
    assert.match(await busctl('/', 'com.victronenergy.BusItem', 'GetItems'), /"\/Settings\/Devices\/Test\/Level" 2 "Value" i 7 "Text" s "7"/);
    assert.match(await busctl('/Settings/Devices', 'com.victronenergy.BusItem', 'GetValue'), /"Test\/Level" i 7/);
  });

  test('a change is signalled as PropertiesChanged on the setting and ItemsChanged on /', async () => {
    const monitor = spawn('dbus-monitor', ['--address', bus.address, `type='signal',sender='${SETTINGS}'`], { stdio: ['ignore', 'pipe', 'ignore'] });
    let seen = '';
    monitor.stdout.on('data', (chunk: Buffer) => (seen += chunk.toString()));
    try {
      await new Promise((resolve) => setTimeout(resolve, 300)); // let dbus-monitor subscribe
      assert.equal(await busctl('/Settings/Devices/Test/Level', 'com.victronenergy.BusItem', 'SetValue', 'v', 'i', '3'), 'i 0');
      await eventually(() => (/path=\/Settings\/Devices\/Test\/Level; interface=com.victronenergy.BusItem; member=PropertiesChanged[\s\S]*int32 3/.test(seen) ? true : undefined), 3000, 'PropertiesChanged');
      await eventually(() => (/path=\/; interface=com.victronenergy.BusItem; member=ItemsChanged[\s\S]*"\/Settings\/Devices\/Test\/Level"/.test(seen) ? true : undefined), 3000, 'ItemsChanged');
    } finally {
      monitor.kill();
    }
  });
});
