import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_CONFIG } from '../../src/config/defaults';
import { configJsonSchema } from '../../src/config/jsonSchema';
import { exited, spawnCli } from '../helpers/processes';

/** The CLI as a user runs it: a child process, a file on disk, no bus at all. */
async function cli(args: string[]): Promise<{ code: number | string; stdout: string; stderr: string }> {
  const child = spawnCli(args, { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/socket' });
  const code = await exited(child, 20000);
  return { code, stdout: child.output(), stderr: child.errors() };
}

describe('battery-aggregator check-config', () => {
  let dir: string;
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'battery-aggregator-check-config-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('a valid file: "valid" and exit 0', async () => {
    const result = await cli(['check-config', file('valid.json', '{ "excludedServices": ["com.victronenergy.battery.ttyS1"], "logLevel": "DEBUG" }')]);
    assert.deepEqual(result, { code: 0, stdout: 'valid\n', stderr: '' });
  });

  test('an invalid file: every problem with file:line:column, and exit 1', async () => {
    const path = file('invalid.json', '{\n  "cvlmode": "max_always",\n  "capacity": -5,\n  "capacity": 200\n}\n');
    const result = await cli(['check-config', path]);
    assert.equal(result.code, 1);
    assert.equal(result.stdout, '');
    assert.equal(
      result.stderr,
      `${path}:2:3: cvlmode: unknown key; did you mean "cvlMode"?\n` +
        `${path}:4:3: capacity: duplicate key (first given at 3:3); give each key once\n` +
        `2 problems in ${path}; the daemon would refuse to start\n`,
    );
  });

  test('--print: the effective config, defaults filled in, as JSON', async () => {
    const result = await cli(['check-config', '--print', file('print.json', '{ "capacity": 200, "ir": { "minVoltageChange": 0.05 } }')]);
    assert.equal(result.code, 0);
    assert.deepEqual(JSON.parse(result.stdout), { ...DEFAULT_CONFIG, capacity: 200, ir: { maxPercentageError: 0.1, minVoltageChange: 0.05 } });
  });

  test('a missing file: said so, defaults apply, exit 0 (as the daemon does)', async () => {
    const missing = join(dir, 'missing.json');
    const result = await cli(['check-config', missing, '--print']);
    assert.equal(result.code, 0);
    assert.equal(result.stderr, `${missing}: no such file; the daemon would run on the defaults\n`);
    assert.deepEqual(JSON.parse(result.stdout), DEFAULT_CONFIG);
  });

  test('bad arguments: exit 2 with the reason', async () => {
    const result = await cli(['check-config', '--prnt']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /check-config: Unknown option '--prnt'/);
  });
});

describe('battery-aggregator schema', () => {
  test('prints the JSON Schema the codec generates', async () => {
    const result = await cli(['schema']);
    assert.equal(result.code, 0);
    assert.deepEqual(JSON.parse(result.stdout), configJsonSchema());
  });
});
