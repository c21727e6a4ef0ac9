import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { isRight } from 'fp-ts/Either';
import { checkConfigReport, type CheckConfigReport } from '../../../src/cli/checkConfigCommand';
import { ConfigFile } from '../../../src/config/codec';
import { withDefaults } from '../../../src/config/defaults';
import { parseConfig } from '../../../src/config/validateConfig';
import { anyText, editedText, editedValue, validConfig } from './configArbitraries';

const RUNS = { numRuns: 2000 };

const report = (text: string, print = false): CheckConfigReport => checkConfigReport({ ...parseConfig(text), file: 'config.json', missing: false }, print);

function assertVerdict(result: CheckConfigReport): void {
  if (result.code === 0) assert.equal(result.stdout, 'valid\n');
  else {
    assert.equal(result.code, 1);
    const lines = result.stderr.trimEnd().split('\n');
    assert.ok(lines.length >= 2, 'at least one problem and the summary');
    for (const line of lines.slice(0, -1)) assert.match(line, /^config\.json(:\d+:\d+)?: \S.*: \S/);
    assert.match(lines.at(-1)!, /^\d+ problems? in config\.json; the daemon would refuse to start$/);
  }
}

test('check-config never throws and always gives a verdict with a message, for any text', () => {
  fc.assert(
    fc.property(anyText, (text) => assertVerdict(report(text))),
    RUNS,
  );
});

test('check-config never accepts what the codec refuses, nor anything the codec would drop', () => {
  fc.assert(
    fc.property(fc.oneof(editedValue, editedText, fc.json()), (text) => {
      const result = parseConfig(text);
      if (!result.ok) return;
      const decoded = ConfigFile.decode(JSON.parse(text));
      assert.ok(isRight(decoded), 'the codec accepts it');
      assert.equal(JSON.stringify(decoded.right), JSON.stringify(JSON.parse(text)), 'every key is kept');
    }),
    RUNS,
  );
  fc.assert(
    fc.property(fc.oneof(editedValue, editedText, fc.json()), (text) => {
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        return assert.equal(parseConfig(text).ok, false, 'invalid JSON is refused');
      }
      if (!isRight(ConfigFile.decode(json))) assert.equal(parseConfig(text).ok, false, 'what the codec refuses is refused');
    }),
    RUNS,
  );
});

test('every valid config is valid, and --print shows it with the defaults filled in', () => {
  fc.assert(
    fc.property(validConfig, (config) => {
      const text = JSON.stringify(config, null, 2);
      assert.deepEqual(report(text), { code: 0, stdout: 'valid\n', stderr: '' });
      assert.deepEqual(JSON.parse(report(text, true).stdout), JSON.parse(JSON.stringify(withDefaults(config as ConfigFile))));
    }),
    RUNS,
  );
});
