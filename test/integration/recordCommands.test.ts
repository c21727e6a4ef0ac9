import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPrivateBus, type PrivateBus } from '../../src/devtools/privateBus';
import { BusConnection } from '../../src/bus/busConnection';
import { formatRecording } from '../../src/record/format';
import { formatStreamProblems, parseRecording } from '../../src/record/parseRecording';
import { RecordingBuilder } from '../../src/record/recordingBuilder';
import { eventually, getValue, listNames } from '../helpers/busClient';
import { exited, spawnCli } from '../helpers/processes';

const A = 'com.victronenergy.battery.ttyUSB0';
const AGGREGATE = 'com.victronenergy.battery.aggregator';

let bus: PrivateBus;
let client: BusConnection;
let dir: string;

before(async () => {
  bus = await startPrivateBus();
  client = await BusConnection.connect(bus.address);
  dir = mkdtempSync(join(tmpdir(), 'battery-aggregator-record-'));
});

after(async () => {
  client?.close();
  await bus?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** A battery whose state of charge climbs by 0.1 every 100 ms for 2 s, and an aggregate that must not be recorded. */
function climbing(): string {
  const builder = new RecordingBuilder(new Date('2026-06-01T10:00:00Z'), {
    [A]: { '/Soc': 50, '/Dc/0/Voltage': 52.1, '/Info/ChargeMode': 'Bulk' },
    [AGGREGATE]: { '/Soc': 50 },
  });
  for (let i = 1; i <= 20; i++) builder.update(i * 100, A, { '/Soc': 50 + i / 10 });
  return formatRecording(builder.build());
}

test('replay publishes a recording as live services; record captures them until SIGINT, with a complete file', async () => {
  const source = join(dir, 'climbing.jsonl');
  const target = join(dir, 'again.jsonl');
  writeFileSync(source, climbing());
  const replay = spawnCli(['replay', source, '--loop', '--speed', '2', '--bus', bus.address]);
  try {
    await eventually(async () => ((await listNames(client)).includes(A) ? true : undefined), 10_000, `${A} on the bus`);
    assert.equal((await getValue(client, A, '/Info/ChargeMode')).value, 'Bulk');
    assert.equal((await getValue(client, A, '/Dc/0/Voltage')).signature, 'd', 'a catalogued float goes out as a double');

    const record = spawnCli(['record', '--out', target, '--bus', bus.address]);
    const enoughLines = () => (existsSync(target) && readFileSync(target, 'utf8').split('\n').length > 8 ? true : undefined);
    await eventually(enoughLines, 10_000, 'the recording to fill');
    record.kill('SIGINT');
    assert.equal(await exited(record, 10_000), 0, record.output() + record.errors());

    const text = readFileSync(target, 'utf8');
    assert.ok(text.endsWith('\n'), 'the last line is complete');
    const parsed = parseRecording(text);
    assert.ok(parsed.ok, parsed.ok ? '' : formatStreamProblems(parsed.problems));
    const { header, events } = parsed.recording;
    assert.deepEqual(Object.keys(header.services), [A], 'the battery and nothing else: the aggregate is left out');
    assert.ok(events.length >= 7);
    for (const event of events) {
      assert.ok('path' in event && event.service === A && event.path === '/Soc', JSON.stringify(event));
      assert.equal(typeof event.value, 'number');
    }
  } finally {
    replay.kill('SIGTERM');
    assert.equal(await exited(replay, 10_000), 0, replay.errors());
  }
  await eventually(async () => ((await listNames(client)).includes(A) ? undefined : true), 5000, `${A} to leave the bus`);
});

test('record --out - writes the recording to stdout and its log to stderr', async () => {
  const record = spawnCli(['record', '--out', '-', '--duration', '0.5', '--bus', bus.address]);
  assert.equal(await exited(record, 10_000), 0, record.errors());
  const parsed = parseRecording(record.output());
  assert.ok(parsed.ok, record.output());
  assert.match(record.errors(), /recorded 1 lines to stdout/);
});

test('replay refuses a file that is not a valid recording, naming the bad lines', async () => {
  const bad = join(dir, 'bad.jsonl');
  const header = '{"format":"battery-aggregator-stream","version":1,"start":"2026-06-01T10:00:00Z","services":{}}';
  writeFileSync(bad, `${header}\n{"t":0,"service":"${A}","path":"/Soc","value":1}\nnot json\n`);
  const replay = spawnCli(['replay', bad, '--bus', bus.address]);
  assert.equal(await exited(replay, 10_000), 65);
  assert.match(replay.errors(), /line 2: com\.victronenergy\.battery\.ttyUSB0 is not present/);
  assert.match(replay.errors(), /line 3: invalid JSON/);
});

test('record and replay refuse bad options with a one-line message and code 2', async () => {
  const results = await Promise.all(
    [['record', '--duration', 'soon'], ['replay'], ['replay', 'x.jsonl', '--speed', '0']].map(async (args) => {
      const child = spawnCli(args);
      return { code: await exited(child, 10_000), errors: child.errors() };
    }),
  );
  assert.deepEqual(
    results.map((r) => r.code),
    [2, 2, 2],
  );
  assert.match(results[0]!.errors, /--duration: expected a number, got "soon"/);
  assert.match(results[1]!.errors, /expected one recording file, got 0/);
  assert.match(results[2]!.errors, /--speed: expected at least 0.001, got 0/);
});
