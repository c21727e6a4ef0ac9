import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatRecording, headerLine, type Recording } from '../../../src/record/format';
import { parseRecording } from '../../../src/record/parseRecording';

const A = 'com.victronenergy.battery.ttyS1';
const HEADER = headerLine(new Date('2026-06-01T10:00:00Z'), { [A]: { '/Soc': 80, '/Info/ChargeMode': 'Bulk', '/TimeToGo': null } });

function problemsOf(...lines: string[]): string[] {
  const result = parseRecording(lines.join('\n'));
  assert.equal(result.ok, false, 'expected the recording to be refused');
  return result.ok ? [] : result.problems.map((p) => `line ${p.line}: ${p.message}`);
}

test('a recording reads back as written: header, changes, appearances and disappearances', () => {
  const recording: Recording = {
    header: { format: 'battery-aggregator-stream', version: 1, start: '2026-06-01T10:00:00.000Z', services: { [A]: { '/Soc': 80, '/TimeToGo': null } } },
    events: [
      { t: 0, service: A, path: '/Soc', value: 79.5 },
      { t: 1000, service: A, path: '/Info/ChargeMode', value: 'Float' },
      { t: 1000, service: A, path: '/Soc', value: null },
      { t: 2000, service: A, vanished: true },
      { t: 2500, service: A, appeared: { '/Soc': 79 } },
    ],
  };
  const text = formatRecording(recording);
  const result = parseRecording(text);
  assert.ok(result.ok, result.ok ? '' : JSON.stringify(result.problems));
  assert.deepEqual(result.recording, recording);
  assert.equal(formatRecording(result.recording), text);
});

test('a file that is not a recording, or of another version, is refused at its first line', () => {
  assert.deepEqual(problemsOf(''), ['line 1: empty file: expected a header line']);
  assert.deepEqual(problemsOf('hello'), [`line 1: invalid JSON: ${jsonError('hello')}`]);
  assert.deepEqual(problemsOf('{"format":"something-else"}'), ['line 1: not a recording: expected a header with "format":"battery-aggregator-stream"']);
  assert.deepEqual(problemsOf('{"format":"battery-aggregator-stream","version":2}'), ['line 1: unsupported version 2: this build reads version 1']);
  assert.deepEqual(problemsOf('{"format":"battery-aggregator-stream","version":1,"start":"yesterday","services":{}}'), [
    'line 1: start: expected an ISO time such as 2026-06-01T10:00:00.000Z, got "yesterday"',
  ]);
  assert.deepEqual(problemsOf('{"format":"battery-aggregator-stream","version":1,"start":"2026-06-01T10:00:00Z","services":{"x":{}}}'), [
    'line 1: services: expected a bus name such as com.victronenergy.battery.ttyS1, got "x"',
  ]);
});

test('bad event lines are refused with their line numbers and what is wrong', () => {
  const problems = problemsOf(
    HEADER,
    `{"t":0,"service":"${A}","path":"/Soc","value":[1]}`,
    `{"t":-5,"service":"${A}","path":"/Soc","value":1}`,
    `{"t":10,"service":"${A}","path":"Soc","value":1}`,
    `{"t":10,"service":"${A}","path":"/Soc","value":1,"unit":"%"}`,
    `{"t":10,"service":"${A}","path":"/Soc"}`,
    '',
    `{"t":10,"service":"com.victronenergy.battery.ghost","path":"/Soc","value":1}`,
    `{"t":5,"service":"${A}","path":"/Soc","value":1}`,
    `{"t":20,"service":"${A}","appeared":{"/Soc":1}}`,
    `{"t":20,"service":"${A}","vanished":false}`,
    `{"t":20,"service":"com.victronenergy.battery.b","appeared":{"Soc":1}}`,
    `[1,2]`,
    `{"t":20,"service":"${A}","path":"/Soc","value":1`,
  );
  assert.deepEqual(problems, [
    'line 2: value: expected a number, a text or null, got [1]',
    'line 3: t: expected milliseconds since the start (a number of 0 or more), got -5',
    'line 4: path: expected a path starting with /, got "Soc"',
    'line 5: unknown key "unit"',
    'line 6: value: expected a number, a text or null, got nothing',
    'line 8: com.victronenergy.battery.ghost is not present (no header entry or appeared line)',
    "line 9: t 5 is before the previous line's 10",
    `line 10: ${A} appeared but is already present`,
    'line 11: vanished: expected true, got false',
    'line 12: appeared: expected a path starting with /, got "Soc"',
    'line 13: expected an object',
    `line 14: invalid JSON: ${jsonError(`{"t":20,"service":"${A}","path":"/Soc","value":1`)}`,
  ]);
});

function jsonError(text: string): string {
  try {
    JSON.parse(text);
    return '';
  } catch (err) {
    return (err as Error).message;
  }
}
