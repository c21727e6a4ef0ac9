import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { test } from 'node:test';
import { ROOT } from '../../helpers/processes';

/** Runs a few logger calls in a fresh process with the given DEBUG= and returns what it wrote. */
function logIn(debug: string): Promise<string> {
  const script = `
    const { createLogger, setLogLevel } = require(${JSON.stringify(resolve(ROOT, 'src/log/logger.ts'))});
    setLogLevel('ERROR'); // what the config or /LogLevel would do
    const log = createLogger('unit');
    log.debug('a debug line');
    log.info('an info line');
    log.error('an error line');
  `;
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '-e', script], { cwd: ROOT, env: { ...process.env, DEBUG: debug }, stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', fail);
    child.once('exit', () => done(output));
  });
}

test('DEBUG= in the environment wins over the configured level, for developers', async () => {
  const output = await logIn('battery-aggregator:debug:*,battery-aggregator:error:*');
  assert.match(output, /DEBUG +unit: a debug line/);
  assert.doesNotMatch(output, /an info line/);
  assert.match(output, /ERROR +unit: an error line/);
});

test('without DEBUG=, the level decides', async () => {
  const output = await logIn('');
  assert.doesNotMatch(output, /a debug line|an info line/);
  assert.match(output, /ERROR +unit: an error line/);
});
