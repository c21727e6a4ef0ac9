import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { startPrivateBus } from '../../src/devtools/privateBus';
import { eventually } from '../helpers/busClient';
import { exited, ROOT, spawnCli } from '../helpers/processes';

/** A process that installs the daemon's handlers, then fails the way a bug would. */
function failingProcess(failure: string) {
  const script = `
    const { createLogger } = require(${JSON.stringify(resolve(ROOT, 'src/log/logger.ts'))});
    const { exitOnUnhandledErrors } = require(${JSON.stringify(resolve(ROOT, 'src/cli/lifecycle.ts'))});
    exitOnUnhandledErrors(createLogger('main'));
    setInterval(() => undefined, 1000); // a daemon's event loop never empties
    setTimeout(() => { ${failure} }, 10);
  `;
  const child = spawn(process.execPath, ['--import', 'tsx', '-e', script], { cwd: ROOT, env: { ...process.env, DEBUG: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return Object.assign(child, { output: () => output });
}

describe('errors nobody handled', () => {
  test('an uncaught exception is logged on one line with its stack, and the process exits 70', async () => {
    const child = failingProcess("throw new Error('boom in a timer')");
    assert.equal(await exited(child, 10000), 70);
    const lines = child.output().trimEnd().split('\n');
    assert.equal(lines.length, 1, child.output());
    assert.match(lines[0]!, /^\S+Z ERROR {3}main: uncaught exception: Error: boom in a timer\\n {4}at .*; exiting$/);
  });

  test('an unhandled promise rejection is logged with its stack, and the process exits 70', async () => {
    const child = failingProcess("Promise.reject(new Error('lost promise'))");
    assert.equal(await exited(child, 10000), 70);
    assert.match(child.output(), /ERROR {3}main: unhandled promise rejection: Error: lost promise\\n {4}at /);
  });
});

describe('stopping while starting', () => {
  test('SIGTERM while the daemon still waits for a battery voltage: exit 0 within a second', async () => {
    const bus = await startPrivateBus();
    const child = spawnCli(['/nonexistent/config.json', '--bus', bus.address]);
    try {
      // No battery on this bus: the daemon waits up to startupBatteryWait (30 s) before registering.
      await eventually(() => (/waiting up to \d+ s for an aggregated battery/.test(child.output()) ? true : undefined), 15000, 'the start to wait');
      const sent = performance.now();
      child.kill('SIGTERM');
      assert.equal(await exited(child, 1000), 0);
      assert.ok(performance.now() - sent < 1000);
      assert.match(child.output(), /INFO +main: SIGTERM received while starting; stopping/);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await bus.stop();
    }
  });
});
