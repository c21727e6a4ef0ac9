import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPrivateBus, type PrivateBus } from '../../src/devtools/privateBus';
import { startAggregator, type RunningAggregator } from '../../src/app/aggregator';
import { withDefaults } from '../../src/config/defaults';
import type { ConfigFile } from '../../src/config/codec';
import { setLogWriter } from '../../src/log/logger';
import { publishBattery, type TestBattery } from '../helpers/testBattery';
import { eventually } from '../helpers/busClient';
import { exited, spawnCli } from '../helpers/processes';
import type { StatusSnapshot } from '../../src/status/statusSnapshot';

const B = 'com.victronenergy.battery.';
const battery = (capacity: number, current: number, ccl: number) => ({
  '/Dc/0/Voltage': 53.2,
  '/Dc/0/Current': current,
  '/Soc': 70,
  '/InstalledCapacity': capacity,
  '/Info/MaxChargeCurrent': ccl,
  '/Info/MaxDischargeCurrent': 2 * ccl,
  '/Info/MaxChargeVoltage': 56.4,
});

/** `status` as a child process against a private bus with an aggregator and three batteries, one excluded. */
describe('battery-aggregator status', () => {
  let bus: PrivateBus;
  let dir: string;
  let configFile: string;
  let aggregator: RunningAggregator;
  const batteries: TestBattery[] = [];
  let restoreLog: (line: string) => void;
  const config: ConfigFile = { excludedServices: [`${B}shunt`] as ConfigFile['excludedServices'] };

  const status = async (...args: string[]) => {
    const child = spawnCli(['status', ...args]);
    const code = await exited(child, 20000);
    return { code, stdout: child.output(), stderr: child.errors() };
  };

  before(async () => {
    restoreLog = setLogWriter(() => undefined);
    dir = mkdtempSync(join(tmpdir(), 'battery-aggregator-status-'));
    configFile = join(dir, 'config.json');
    writeFileSync(configFile, JSON.stringify(config));
    bus = await startPrivateBus();
    batteries.push(await publishBattery(bus.address, `${B}c1`, { ...battery(100, -10, 50), '/CustomName': 'Left\x1b[2J' }));
    batteries.push(await publishBattery(bus.address, `${B}c2`, battery(200, -30, 60)));
    batteries.push(await publishBattery(bus.address, `${B}shunt`, { '/Dc/0/Voltage': 53.1, '/Dc/0/Current': -40, '/Soc': 71 }));
    aggregator = await startAggregator({ address: bus.address, config: withDefaults(config) });
  });

  after(async () => {
    await aggregator?.stop();
    for (const b of batteries) await b.stop();
    await bus?.stop();
    rmSync(dir, { recursive: true, force: true });
    setLogWriter(restoreLog);
  });

  test('prints the bank with each limit\'s reason, and every battery with its role, readings and shares; control characters escaped', async () => {
    const { code, stdout, stderr } = await status(configFile, '--bus', bus.address);
    assert.equal(code, 0, stderr);
    assert.match(stdout, /com\.victronenergy\.battery\.aggregator\n {2}53\.20 V {2}-40\.0 A/);
    // 100 and 200 Ah share 1/3, 2/3: min(50 x 3, 60 x 1.5) = 90 A
    assert.match(stdout, /CCL +90\.0 A {2}c2: own limit 60 A x ratio 1\.5 \(capacity split\)/);
    assert.match(stdout, /CVL +56\.40 V {2}c1: own CVL 56\.4 V \(min of 2 batteries\)/);
    assert.match(stdout, /- Left\\x1b\[2J \(com\.victronenergy\.battery\.c1\): aggregated/);
    assert.match(stdout, /share of bank current: measured 25\.0 %, split assumes 33\.3 %; R\/E not settled/);
    assert.match(stdout, /- Test battery \(com\.victronenergy\.battery\.shunt\): excluded/);
    assert.ok(!stdout.includes('\x1b'), 'no raw escape reaches the terminal');
  });

  test('--json gives the same as one document', async () => {
    const { code, stdout } = await status(configFile, '--bus', bus.address, '--json');
    assert.equal(code, 0);
    const snapshot = JSON.parse(stdout) as StatusSnapshot;
    assert.equal(snapshot.bank.ccl.value, 90);
    assert.equal(snapshot.bank.dcl.reason, 'c2: own limit 120 A x ratio 1.5 (capacity split)');
    assert.deepEqual(snapshot.batteries.map((b) => [b.service, b.role]), [[`${B}c1`, 'aggregated'], [`${B}c2`, 'aggregated'], [`${B}shunt`, 'excluded']]);
    const c2 = snapshot.batteries[1]!;
    assert.equal(c2.measuredShare, 0.75);
    assert.equal(c2.assumedShare, 0.6667);
    assert.equal(c2.ccl, 60);
  });

  test('no aggregator on the bus: exit 1 with a message saying so; an unreachable bus: exit 3; a bad option: exit 2', async () => {
    const other = join(dir, 'other.json');
    writeFileSync(other, JSON.stringify({ serviceName: `${B}nobody` }));
    const none = await status(other, '--bus', bus.address);
    assert.equal(none.code, 1);
    assert.match(none.stderr, /no aggregator: com\.victronenergy\.battery\.nobody is not on the bus/);
    const unreachable = await status(configFile, '--bus', `unix:path=${join(dir, 'no-such-socket')}`);
    assert.equal(unreachable.code, 3);
    assert.match(unreachable.stderr, /cannot connect to D-Bus/);
    assert.equal((await status('--frobnicate')).code, 2);
  });

  test('--watch redraws when a reading changes, and stops on SIGTERM', async () => {
    const child = spawnCli(['status', configFile, '--bus', bus.address, '--watch']);
    try {
      await eventually(() => (child.output().includes('-40.0 A') ? true : undefined), 15000, 'a first screen');
      batteries[1]!.set({ '/Dc/0/Current': -50 });
      await eventually(() => (child.output().includes('-60.0 A') ? true : undefined), 15000, 'a redraw with the new bank current');
      child.kill('SIGTERM');
      assert.equal(await exited(child, 10000), 0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
