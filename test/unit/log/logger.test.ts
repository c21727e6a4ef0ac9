import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';
import { DEBUG_AT_START } from './environmentAtStart';
import { LOG_LEVELS, createLogger, getLogLevel, isLogLevel, namespacesFor, setLogLevel, setLogWriter, type LogLevel } from '../../../src/log/logger';

// A developer's DEBUG= overrides the level by design; these tests are about the level.
const skip = DEBUG_AT_START ? 'DEBUG= is set in the environment, and decides' : false;

const ISO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z /;

let lines: string[] = [];
let previousWriter: (line: string) => void;
let previousLevel: LogLevel;
let previousHideDate: string | undefined;

beforeEach(() => {
  lines = [];
  previousWriter = setLogWriter((line) => lines.push(line));
  previousLevel = getLogLevel();
  previousHideDate = process.env.DEBUG_HIDE_DATE;
  delete process.env.DEBUG_HIDE_DATE;
});

afterEach(() => {
  setLogWriter(previousWriter);
  setLogLevel(previousLevel);
  if (previousHideDate === undefined) delete process.env.DEBUG_HIDE_DATE;
  else process.env.DEBUG_HIDE_DATE = previousHideDate;
});

test('namespacesFor: a level enables its own namespace and the ones above it', () => {
  const all = (...severities: string[]) => severities.map((s) => `battery-aggregator:${s}:*`).join(',');
  assert.equal(namespacesFor('DEBUG'), all('debug', 'info', 'warn', 'error'));
  assert.equal(namespacesFor('INFO'), all('info', 'warn', 'error'));
  assert.equal(namespacesFor('WARNING'), all('warn', 'error'));
  assert.equal(namespacesFor('ERROR'), all('error'));
  assert.equal(namespacesFor('CRITICAL'), all('error'));
});

test('isLogLevel accepts exactly the levels of /LogLevel', () => {
  for (const level of LOG_LEVELS) assert.equal(isLogLevel(level), true, level);
  assert.deepEqual([...LOG_LEVELS], ['DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL']);
  for (const value of ['debug', 'Info', 'WARN', 'TRACE', '', ' INFO', 2, null, undefined, ['INFO']]) {
    assert.equal(isLogLevel(value), false, JSON.stringify(value));
  }
});

test('at INFO, debug lines are hidden and info lines are written with an ISO time, the level and the scope', { skip }, () => {
  setLogLevel('INFO');
  const log = createLogger('unit');
  log.debug('hidden %d', 1);
  assert.equal(log.debugEnabled, false);
  log.info('battery %s joined', 'ttyS5');
  assert.equal(lines.length, 1, lines.join(''));
  assert.match(lines[0]!, ISO_TIME);
  assert.match(lines[0]!, / INFO {4}unit: battery ttyS5 joined\n$/);
  assert.ok(!Number.isNaN(Date.parse(lines[0]!.split(' ')[0]!)));
});

test('warnings and errors are written at INFO, with their level', { skip }, () => {
  setLogLevel('INFO');
  const log = createLogger('unit');
  log.warn('w');
  log.error('e');
  assert.equal(lines.length, 2);
  assert.match(lines[0]!, / WARNING unit: w\n$/);
  assert.match(lines[1]!, / ERROR {3}unit: e\n$/);
});

test('the level can be changed at run time, in both directions, for loggers made before', { skip }, () => {
  const log = createLogger('unit');
  setLogLevel('DEBUG');
  assert.equal(log.debugEnabled, true);
  log.debug('shown');
  setLogLevel('ERROR');
  log.info('hidden');
  log.warn('hidden');
  log.error('shown');
  setLogLevel('INFO');
  log.info('shown');
  assert.deepEqual(
    lines.map((line) => line.replace(ISO_TIME, '')),
    ['DEBUG   unit: shown\n', 'ERROR   unit: shown\n', 'INFO    unit: shown\n'],
  );
  assert.equal(getLogLevel(), 'INFO');
});

test('setting the level does not leave DEBUG= in the environment for child processes', { skip }, () => {
  setLogLevel('WARNING');
  assert.equal(process.env.DEBUG, undefined);
});

test('control characters from the bus are escaped, so a value cannot forge a log line', { skip }, () => {
  setLogLevel('INFO');
  const log = createLogger('unit');
  log.info('name %s', 'evil\n2026-01-01T00:00:00.000Z ERROR   forged\r\u0007\u001b[31m');
  assert.equal(lines.length, 1);
  const line = lines[0]!;
  assert.equal(line.indexOf('\n'), line.length - 1, 'one line, ended by the only newline');
  assert.match(line, /name evil\\n2026-01-01T00:00:00\.000Z ERROR {3}forged\\x0d\\x07\\x1b\[31m\n$/);
});

test('objects are formatted on one line', { skip }, () => {
  setLogLevel('INFO');
  createLogger('unit').info('batteries %o', { a: [1, 2, 3], b: { c: 'd' } });
  assert.equal(lines.length, 1);
  assert.equal(lines[0]!.indexOf('\n'), lines[0]!.length - 1);
});

test('setLogWriter returns the writer it replaces', () => {
  const mine = (line: string) => void line;
  const capture = setLogWriter(mine);
  assert.equal(setLogWriter(capture), mine);
});
