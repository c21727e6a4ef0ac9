import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPrivateBus, type PrivateBus } from '../../src/devtools/privateBus';
import { BusConnection } from '../../src/bus/busConnection';
import { publishBattery, type TestBattery } from '../helpers/testBattery';
import { eventually, listNames } from '../helpers/busClient';
import { exited, run, spawnCli } from '../helpers/processes';

const AGGREGATE = 'com.victronenergy.battery.aggregator';

/**
 * The daemon as deployed: a child process on a private bus, checked with Debian's own D-Bus clients
 * (busctl, dbus-send, dbus-monitor), which know nothing of dbus-next.
 */
describe('the daemon as a process, seen by busctl and dbus-send', () => {
  let bus: PrivateBus;
  let client: BusConnection;
  let dir: string;
  let daemon: ReturnType<typeof spawnCli>;
  const batteries: TestBattery[] = [];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'battery-aggregator-test-'));
    bus = await startPrivateBus();
    client = await BusConnection.connect(bus.address);
    batteries.push(await publishBattery(bus.address, 'com.victronenergy.battery.ttyS1', { '/Dc/0/Voltage': 52.4, '/Soc': 80, '/Dc/0/Current': -5 }));
    batteries.push(await publishBattery(bus.address, 'com.victronenergy.battery.ttyS2', { '/Dc/0/Voltage': 52.6, '/Soc': 90, '/Dc/0/Current': -7 }));
    const config = join(dir, 'config.json');
    writeFileSync(config, JSON.stringify({ logLevel: 'DEBUG' }));
    daemon = spawnCli([config, '--bus', bus.address]);
    await eventually(async () => ((await listNames(client)).includes(AGGREGATE) ? true : undefined), 15000, 'the daemon to register');
  });

  after(async () => {
    if (daemon.exitCode === null) daemon.kill('SIGKILL');
    for (const battery of batteries) await battery.stop();
    client?.close();
    await bus?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const busctl = (...args: string[]) => run('busctl', [`--address=${bus.address}`, ...args]);

  test('GetValue answers with the declared D-Bus types', async () => {
    assert.equal((await busctl('call', AGGREGATE, '/Dc/0/Voltage', 'com.victronenergy.BusItem', 'GetValue')).stdout.trim(), 'v d 52.5');
    assert.equal((await busctl('call', AGGREGATE, '/System/NrOfBatteries', 'com.victronenergy.BusItem', 'GetValue')).stdout.trim(), 'v i 2');
    assert.equal((await busctl('call', AGGREGATE, '/ProductName', 'com.victronenergy.BusItem', 'GetValue')).stdout.trim(), 'v s "Battery Aggregator"');
    assert.equal((await busctl('call', AGGREGATE, '/Info/MaxChargeVoltage', 'com.victronenergy.BusItem', 'GetValue')).stdout.trim(), 'v ai 0');
  });

  test('GetItems returns a{sa{sv}} with full paths, and tree nodes answer with relative keys', async () => {
    const items = await busctl('call', AGGREGATE, '/', 'com.victronenergy.BusItem', 'GetItems');
    assert.match(items.stdout, /^a\{sa\{sv\}\} \d+ /);
    assert.match(items.stdout, /"\/Soc" 2 "Value" d 85 "Text" s "85.0%"/);
    const node = await busctl('call', AGGREGATE, '/Dc/0', 'com.victronenergy.BusItem', 'GetValue');
    assert.match(node.stdout, /^v a\{sv\} \d+ /);
    assert.match(node.stdout, /"Voltage" d 52.5/);
    const text = await run('dbus-send', [`--bus=${bus.address}`, '--print-reply', `--dest=${AGGREGATE}`, '/Soc', 'com.victronenergy.BusItem.GetText']);
    assert.match(text.stdout, /string "85.0%"/);
  });

  test('introspection lists the BusItem interface and the child nodes', async () => {
    const xml = await busctl('introspect', '--xml-interface', AGGREGATE, '/');
    assert.match(xml.stdout, /<interface name="com.victronenergy.BusItem">/);
    assert.match(xml.stdout, /<node name="Dc"\/>/);
    assert.match(xml.stdout, /GetItems/);
  });

  test('a change goes out as an ItemsChanged signal that dbus-monitor sees', async () => {
    const monitor = spawn('dbus-monitor', ['--address', bus.address, "type='signal',interface='com.victronenergy.BusItem',member='ItemsChanged'"], { stdio: ['ignore', 'pipe', 'ignore'] });
    let seen = '';
    monitor.stdout.on('data', (chunk: Buffer) => (seen += chunk.toString()));
    try {
      await new Promise((resolve) => setTimeout(resolve, 300)); // let dbus-monitor subscribe
      batteries[0]!.set({ '/Dc/0/Current': -15 });
      await eventually(() => (/member=ItemsChanged[\s\S]*"\/Dc\/0\/Current"[\s\S]*double -22/.test(seen) ? true : undefined), 3000, 'ItemsChanged in dbus-monitor');
    } finally {
      monitor.kill();
    }
  });

  test('SetValue on a read-only path answers 1 and /LogLevel accepts a level', async () => {
    assert.equal((await busctl('call', AGGREGATE, '/Soc', 'com.victronenergy.BusItem', 'SetValue', 'v', 'd', '3')).stdout.trim(), 'i 1');
    assert.equal((await busctl('call', AGGREGATE, '/LogLevel', 'com.victronenergy.BusItem', 'SetValue', 'v', 's', 'SHOUT')).stdout.trim(), 'i 2');
    assert.equal((await busctl('call', AGGREGATE, '/LogLevel', 'com.victronenergy.BusItem', 'SetValue', 'v', 's', 'INFO')).stdout.trim(), 'i 0');
  });

  test('the log has one timestamped line per event with its level', () => {
    const lines = daemon.output().trim().split('\n');
    assert.ok(lines.some((line) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z INFO +main: battery-aggregator .* starting/.test(line)), lines.join('\n'));
    assert.ok(lines.some((line) => /INFO +aggregator: registered com\.victronenergy\.battery\.aggregator/.test(line)));
    assert.ok(lines.some((line) => /INFO +aggregator: log level set to INFO/.test(line)));
  });

  test('SIGTERM releases the bus name and exits 0 within a second', async () => {
    const started = performance.now();
    daemon.kill('SIGTERM');
    assert.equal(await exited(daemon, 1000), 0);
    assert.ok(performance.now() - started < 1000);
    assert.ok(!(await listNames(client)).includes(AGGREGATE));
  });
});

describe('the daemon refuses what it must not run with', () => {
  test('an invalid config: exit code 78 and every problem on stderr', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'battery-aggregator-test-'));
    try {
      const config = join(dir, 'config.json');
      writeFileSync(config, JSON.stringify({ cvlMode: 'maximum', excludedServices: 'ttyS1', extra: 1 }));
      const child = spawnCli([config, '--bus', 'unix:path=/nonexistent']);
      assert.equal(await exited(child, 10000), 78);
      assert.match(child.errors(), /refusing to start/);
      assert.match(child.errors(), /cvlMode: expected one of/);
      assert.match(child.errors(), /excludedServices: expected a list/);
      assert.match(child.errors(), /extra: unknown key/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a bus that cannot be reached: a clear message and a non-zero exit', async () => {
    const child = spawnCli(['/nonexistent/config.json', '--bus', 'unix:path=/nonexistent/socket']);
    const code = await exited(child, 10000);
    assert.notEqual(code, 0);
    assert.match(child.errors(), /cannot connect to D-Bus at unix:path=\/nonexistent\/socket/);
  });

  test('losing the bus exits non-zero at once, so daemontools restarts it', async () => {
    const bus = await startPrivateBus();
    const client = await BusConnection.connect(bus.address);
    // A battery reporting a voltage, so the daemon registers without its startup wait.
    const battery = await publishBattery(bus.address, 'com.victronenergy.battery.ttyS1', { '/Dc/0/Voltage': 52 });
    const child = spawnCli(['/nonexistent/config.json', '--bus', bus.address]);
    try {
      await eventually(async () => ((await listNames(client)).includes(AGGREGATE) ? true : undefined), 15000, 'registration');
      client.close();
      await bus.stop();
      assert.equal(await exited(child, 2000), 1);
      assert.match(child.output(), /lost the D-Bus connection/);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await battery.stop().catch(() => undefined);
      client.close();
      await bus.stop();
    }
  });
});
