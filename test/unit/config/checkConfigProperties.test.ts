import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { isRight } from 'fp-ts/Either';
import { checkConfigReport, type CheckConfigReport } from '../../../src/cli/checkConfigCommand';
import { ConfigFile } from '../../../src/config/codec';
import { withDefaults } from '../../../src/config/defaults';
import { parseConfig } from '../../../src/config/validateConfig';

const RUNS = { numRuns: 2000 };

const report = (text: string, print = false): CheckConfigReport => checkConfigReport({ ...parseConfig(text), file: 'config.json', missing: false }, print);

const service = fc.constantFrom('com.victronenergy.battery.ttyS1', 'com.victronenergy.battery.ttyUSB0', 'com.victronenergy.battery.socketcan_can0', 'name:My Battery');
const dbusPath = fc.constantFrom('/Soc', '/Dc/0/Current', '/Info/Location', '/System/MinCellVoltage');
const selection = fc.oneof(fc.array(service, { maxLength: 3 }), fc.dictionary(service, fc.array(dbusPath, { maxLength: 2 }), { maxKeys: 3 }));
const positive = fc.double({ min: 0.001, max: 1e6, noNaN: true });
const nonNegative = fc.double({ min: 0, max: 1e6, noNaN: true, noDefaultInfinity: true }).map((n) => (Object.is(n, -0) ? 0 : n));

/** Configs the codec accepts, with any subset of the keys. */
const validConfig = fc.record(
  {
    serviceName: fc.constantFrom('com.victronenergy.battery.aggregator', 'com.victronenergy.battery.aggregator2'),
    excludedServices: fc.array(service, { maxLength: 3 }),
    primaryServices: selection,
    auxiliaryServices: selection,
    capacity: positive,
    virtualBatteries: fc.dictionary(fc.constantFrom('com.victronenergy.battery.virtual1', 'com.victronenergy.battery.virtual2'), selection, { maxKeys: 2 }),
    currentRatioMethod: fc.constantFrom('ir', 'capacity', 'count'),
    cclMode: fc.constantFrom('battery+dvcc', 'battery', 'dvcc'),
    cvlMode: fc.constantFrom('max_when_balancing', 'min_when_balancing', 'max_always', 'max_when_floating', 'dvcc'),
    logLevel: fc.constantFrom('DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL'),
    reconnectTimeout: nonNegative,
    startupBatteryWait: nonNegative,
    ir: fc.record({ maxPercentageError: positive, minVoltageChange: positive }, { requiredKeys: [] }),
  },
  { requiredKeys: [] },
);

/** A valid config's text with a few characters inserted, deleted or replaced. */
const textEdit = fc.tuple(fc.nat(), fc.constantFrom('insert', 'delete', 'replace'), fc.constantFrom(...'{}[]",:0-.eE /\\\nabcS'.split('')));
const editedText = fc.tuple(validConfig, fc.array(textEdit, { minLength: 1, maxLength: 3 })).map(([config, edits]) =>
  edits.reduce((text, [n, edit, c]) => {
    const at = n % (text.length + 1);
    if (edit === 'insert') return text.slice(0, at) + c + text.slice(at);
    if (edit === 'delete') return text.slice(0, at) + text.slice(at + 1);
    return text.slice(0, at) + c + text.slice(at + 1);
  }, JSON.stringify(config, null, 2)),
);

/** A valid config with one key, top-level or in `ir`, set to any JSON value (a known key or a new one). */
const editedValue = fc
  .tuple(validConfig, fc.oneof(fc.constantFrom(...Object.keys(ConfigFile.props)), fc.string()), fc.jsonValue(), fc.boolean())
  .map(([config, key, value, inIr]) => JSON.stringify(inIr ? { ...config, ir: { ...config.ir, [key]: value } } : { ...config, [key]: value }));

const anyText = fc.oneof(fc.json(), fc.string(), editedText, editedValue);

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
