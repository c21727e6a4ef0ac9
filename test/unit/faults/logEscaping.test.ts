import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';
import { DEBUG_AT_START } from '../log/environmentAtStart';
import { createLogger, getLogLevel, setLogLevel, setLogWriter, type LogLevel } from '../../../src/log/logger';
import { ProblemLog } from '../../../src/app/problemLog';

// A developer's DEBUG= decides what is written; these tests need warnings on.
const skip = DEBUG_AT_START ? 'DEBUG= is set in the environment, and decides' : false;

/** Everything a terminal or a log reader could take for a new line or a command. */
const HOSTILE = 'a\nFORGED\r\u0007\u001b[2J\u0085\u009b31m\u2028\u2029\u202eevil\u2066';
// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

let lines: string[] = [];
let previousWriter: (line: string) => void;
let previousLevel: LogLevel;

beforeEach(() => {
  lines = [];
  previousWriter = setLogWriter((line) => lines.push(line));
  previousLevel = getLogLevel();
  setLogLevel('INFO');
});

afterEach(() => {
  setLogWriter(previousWriter);
  setLogLevel(previousLevel);
});

function assertOneCleanLine(line: string | undefined): void {
  assert.ok(line);
  assert.equal(line.indexOf('\n'), line.length - 1, `one line: ${JSON.stringify(line)}`);
  assert.doesNotMatch(line.slice(0, -1), RAW_CONTROL, JSON.stringify(line));
}

test('the logger escapes C0, C1, line separators and bidi overrides in any argument', { skip }, () => {
  createLogger('unit').warn('value %s at %s', HOSTILE, HOSTILE);
  assert.equal(lines.length, 1);
  assertOneCleanLine(lines[0]);
  assert.match(lines[0]!, /a\\nFORGED\\x0d\\x07\\x1b\[2J\\x85\\x9b31m\\u2028\\u2029\\u202eevil\\u2066/);
});

test('every problem the bus can cause is logged as one clean line, whatever the names and values hold', { skip }, () => {
  const problems = new ProblemLog(createLogger('input'));
  problems.report({ kind: 'rejected-value', service: HOSTILE, path: HOSTILE, reason: HOSTILE });
  problems.report({ kind: 'malformed-signal', service: HOSTILE, member: HOSTILE });
  problems.report({ kind: 'rejected-path', service: HOSTILE, path: HOSTILE.repeat(1000), reason: 'no object path' });
  problems.report({ kind: 'scan-failed', service: HOSTILE, reason: HOSTILE });
  problems.wrongKind(HOSTILE, HOSTILE, HOSTILE.repeat(1000), 'float');
  assert.equal(lines.length, 5);
  for (const line of lines) assertOneCleanLine(line);
  assert.ok(lines[2]!.length < 400 && lines[4]!.length < 400, 'long values are cut short');
});

test('a problem is logged once per battery and path, and counted every time', { skip }, () => {
  const problems = new ProblemLog(createLogger('input'));
  for (let i = 0; i < 1000; i++) {
    problems.report({ kind: 'rejected-value', service: 'com.victronenergy.battery.a', path: '/Soc', reason: 'non-finite number NaN' });
    problems.report({ kind: 'rejected-value', service: 'com.victronenergy.battery.b', path: '/Soc', reason: 'non-finite number NaN' });
    problems.report({ kind: 'rejected-path', service: 'com.victronenergy.battery.a', path: `/bad path ${i}`, reason: 'no object path' });
  }
  assert.equal(problems.total, 3000);
  assert.equal(lines.length, 3, lines.join(''));
});
