import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, lstatSync, mkdtempSync, readFileSync, readlinkSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildBundle } from '../../src/devtools/bundle';
import { startPrivateBus, type PrivateBus } from '../../src/devtools/privateBus';
import { startSettingsService, type RunningSettingsService } from '../../src/devtools/settingsService';
import { BusConnection } from '../../src/bus/busConnection';
import { publishBattery, type TestBattery } from '../helpers/testBattery';
import { eventually, getValue, listNames } from '../helpers/busClient';
import { exited, run } from '../helpers/processes';

const AGGREGATE = 'com.victronenergy.battery.aggregator';

/**
 * What goes onto the GX: the esbuild bundle, started by daemontools' `service/run`, from a folder with no
 * node_modules anywhere above it, on a private bus with a settings service.
 */
describe('the bundle, as daemontools runs it', () => {

  let dir: string;
  let bus: PrivateBus;
  let settings: RunningSettingsService;
  let client: BusConnection;
  let battery: TestBattery;

  /** `service/run` as supervise starts it, with this test's bus as the session bus. */
  const runService = (config: string) => {
    const child = spawn('sh', [join(dir, 'service/run'), config], {
      cwd: join(dir, 'service'),
      env: { PATH: process.env.PATH, DEBUG: '', DBUS_SESSION_BUS_ADDRESS: bus.address },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    return Object.assign(child, { output: () => output });
  };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'battery-aggregator-bundle-'));
    await buildBundle(dir);
    bus = await startPrivateBus();
    settings = await startSettingsService({ address: bus.address });
    client = await BusConnection.connect(bus.address);
    battery = await publishBattery(bus.address, 'com.victronenergy.battery.ttyS1', { '/Dc/0/Voltage': 52.4, '/Soc': 77 });
  });

  after(async () => {
    await battery?.stop();
    await settings?.stop();
    client?.close();
    await bus?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('the bundle is one file plus the service folder, with no node_modules to lean on', () => {
    assert.ok(statSync(join(dir, 'battery-aggregator.js')).isFile());
    for (const script of ['run', 'log/run', 'install.sh', 'uninstall.sh']) {
      assert.ok(statSync(join(dir, 'service', script)).mode & 0o100, `${script} is executable`);
    }
    for (let folder = dir; folder !== '/'; folder = join(folder, '..')) assert.ok(!existsSync(join(folder, 'node_modules')), folder);
  });

  test('service/run starts it: it claims its instance, publishes the aggregate, and stops on SIGTERM with code 0', async () => {
    const child = runService('/nonexistent/config.json');
    const output = () => child.output();
    try {
      await eventually(async () => ((await listNames(client)).includes(AGGREGATE) ? true : undefined), 15000, 'the bundle to register').catch((err: Error) => assert.fail(`${err.message}\n${output()}`));
      assert.deepEqual(await getValue(client, AGGREGATE, '/Soc'), { signature: 'd', value: 77 });
      assert.deepEqual(await getValue(client, AGGREGATE, '/DeviceInstance'), { signature: 'i', value: 1024 });
      assert.equal(settings.store.get('/Settings/Devices/BatteryAggregator/ClassAndVrmInstance')?.value, 'battery:1024');
      child.kill('SIGTERM');
      assert.equal(await exited(child, 2000), 0);
      assert.ok(!(await listNames(client)).includes(AGGREGATE));
      assert.match(output(), /INFO +main: battery-aggregator \S+ starting/);
      assert.match(output(), /INFO +main: SIGTERM received; stopping/);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });

  test('the daemon loads none of the Node modules only other commands or other authentications need', async () => {
    // Each costs resident memory on the GX (http, child_process and crypto together about 2 MB).
    const preload = join(dir, 'report-modules.js');
    writeFileSync(preload, "process.on('exit', () => require('fs').writeSync(2, '\\nMODULES ' + process.moduleLoadList.join(',') + '\\n'));\n");
    const child = spawn(process.execPath, ['-r', preload, join(dir, 'battery-aggregator.js'), '/nonexistent/config.json', '--bus', bus.address], {
      env: { PATH: process.env.PATH, DEBUG: '' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    try {
      await eventually(async () => ((await listNames(client)).includes(AGGREGATE) ? true : undefined), 15000, 'the bundle to register');
      child.kill('SIGTERM');
      assert.equal(await exited(child, 2000), 0);
      const loaded = new Set(/MODULES (.*)/.exec(stderr)?.[1]?.split(',') ?? assert.fail(stderr));
      assert.ok(loaded.has('NativeModule net'), stderr);
      for (const name of ['http', 'child_process', 'crypto', 'assert', 'dgram']) assert.ok(!loaded.has(`NativeModule ${name}`), name);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });

  test('with an invalid config, service/run says what is wrong and waits instead of failing every second', async () => {
    const config = join(dir, 'invalid.json');
    writeFileSync(config, '{ "cvlMode": "highest" }');
    const child = runService(config);
    try {
      await eventually(() => (/retrying in 60 s/.test(child.output()) ? true : undefined), 15000, 'the refusal');
      assert.match(child.output(), /cvlMode: expected one of/);
      assert.equal(child.exitCode, null, 'still waiting');
      assert.ok(!(await listNames(client)).includes(AGGREGATE));
    } finally {
      child.kill('SIGTERM');
      await exited(child, 2000);
    }
  });

  test('install.sh puts it in /data, links the service, survives firmware updates through rc.local; uninstall.sh undoes it', async () => {
    const prefix = join(dir, 'root');
    const install = () => run('sh', [join(dir, 'service/install.sh')], 10000).then((r) => (r.code === 0 ? r : assert.fail(r.stderr + r.stdout)));
    process.env.PREFIX = prefix;
    try {
      await install();
      await install(); // idempotent: an update is the same command
      assert.ok(statSync(join(prefix, 'data/BatteryAggregator/battery-aggregator.js')).isFile());
      assert.ok(statSync(join(prefix, 'data/BatteryAggregator/service/run')).mode & 0o100);
      assert.ok(lstatSync(join(prefix, 'service/BatteryAggregator')).isSymbolicLink());
      assert.equal(readlinkSync(join(prefix, 'service/BatteryAggregator')), join(prefix, 'data/BatteryAggregator/service'));
      assert.ok(statSync(join(prefix, 'data/setupOptions/BatteryAggregator')).isDirectory());
      const rcLocal = readFileSync(join(prefix, 'data/rc.local'), 'utf8');
      assert.match(rcLocal, /^#!\/bin\/sh\n/);
      assert.equal(rcLocal.split('\n').filter((line) => line.includes('/service/BatteryAggregator')).length, 1, rcLocal);
      assert.ok(statSync(join(prefix, 'data/rc.local')).mode & 0o100);

      assert.equal((await run('sh', [join(prefix, 'data/BatteryAggregator/service/uninstall.sh')], 10000)).code, 0);
      assert.ok(!existsSync(join(prefix, 'data/BatteryAggregator')));
      assert.ok(!existsSync(join(prefix, 'service/BatteryAggregator')));
      assert.ok(!readFileSync(join(prefix, 'data/rc.local'), 'utf8').includes('BatteryAggregator'));
      assert.ok(existsSync(join(prefix, 'data/setupOptions/BatteryAggregator')), 'the config is kept');
    } finally {
      delete process.env.PREFIX;
    }
  });
});
