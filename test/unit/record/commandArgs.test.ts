import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseRecordArgs, timestampedName } from '../../../src/cli/recordCommand';
import { parseReplayArgs } from '../../../src/cli/replayCommand';
import { DEFAULT_PREFIXES } from '../../../src/record/recordedServices';

const ENV = { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/tmp/session' };
const NOW = new Date('2026-06-01T08:09:10.123Z');

test('record: defaults are a timestamped file, no time limit, batteries and DVCC, the session bus', () => {
  assert.equal(timestampedName(NOW), 'battery-aggregator-20260601-080910.jsonl');
  assert.deepEqual(parseRecordArgs([], ENV, NOW), {
    out: 'battery-aggregator-20260601-080910.jsonl',
    duration: 0,
    prefixes: DEFAULT_PREFIXES,
    address: 'unix:path=/tmp/session',
  });
});

test('record: --include is repeatable and takes comma-separated prefixes; --out - is stdout', () => {
  const options = parseRecordArgs(
    ['--include', 'com.victronenergy.battery.', '--include', 'com.victronenergy.solarcharger.,com.victronenergy.vebus.', '--out', '-', '--duration', '90', '--bus', 'unix:path=/x'],
    ENV,
    NOW,
  );
  assert.deepEqual(options, {
    out: '-',
    duration: 90,
    prefixes: ['com.victronenergy.battery.', 'com.victronenergy.solarcharger.', 'com.victronenergy.vebus.'],
    address: 'unix:path=/x',
  });
});

test('record and replay refuse what they cannot use', () => {
  assert.throws(() => parseRecordArgs(['--duration=-1'], ENV), /--duration: expected at least 0, got -1/);
  assert.throws(() => parseRecordArgs(['--include', 'a,,b'], ENV), /--include: expected a service name prefix/);
  assert.throws(() => parseRecordArgs(['--outfile', 'x'], ENV), /Unknown option '--outfile'/);
  assert.throws(() => parseReplayArgs(['a.jsonl', 'b.jsonl'], ENV), /expected one recording file, got 2/);
  assert.throws(() => parseReplayArgs(['a.jsonl', '--speed', 'fast'], ENV), /--speed: expected a number, got "fast"/);
});

test('replay: real time, once, on the session bus unless told otherwise', () => {
  assert.deepEqual(parseReplayArgs(['streams/a.jsonl'], ENV), { file: 'streams/a.jsonl', speed: 1, loop: false, address: 'unix:path=/tmp/session' });
  assert.deepEqual(parseReplayArgs(['a.jsonl', '--speed', '60', '--loop', '--bus', 'unix:path=/x'], ENV), {
    file: 'a.jsonl',
    speed: 60,
    loop: true,
    address: 'unix:path=/x',
  });
});
