import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { exited, ROOT } from '../helpers/processes';

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
