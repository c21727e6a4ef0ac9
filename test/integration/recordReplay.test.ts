import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { startPrivateBus, type PrivateBus } from '../../src/devtools/privateBus';
import { BusConnection } from '../../src/bus/busConnection';
import { setLogWriter } from '../../src/log/logger';
import { isAppeared, isVanished, type Recording, type StreamEvent } from '../../src/record/format';
import { formatStreamProblems, parseRecording } from '../../src/record/parseRecording';
import { readRecordingFile } from '../../src/record/readRecordingFile';
import { recordBus } from '../../src/record/recorder';
import { publishRecording } from '../../src/record/busReplayer';
import { RecordingBuilder } from '../../src/record/recordingBuilder';
import { eventually } from '../helpers/busClient';
import { ROOT } from '../helpers/processes';
import { publishBattery } from '../helpers/testBattery';

const A = 'com.victronenergy.battery.ttyUSB0';
const B = 'com.victronenergy.battery.ttyUSB1';
const SYSTEM = 'com.victronenergy.system';
const SETTINGS = 'com.victronenergy.settings';
/**
 * Generous for a loaded machine: the check is that replayed time follows recorded time, not speed. The
 * replays below last well over twice this, so one that ignored the times would fail.
 */
const TIMING_TOLERANCE_MS = 500;

let bus: PrivateBus;
let client: BusConnection;

before(async () => {
  setLogWriter(() => undefined);
  bus = await startPrivateBus();
  client = await BusConnection.connect(bus.address);
});

after(async () => {
  client?.close();
  await bus?.stop();
});

/** Every kind of line and value: ints, doubles, texts, invalid, a new path, a restart, two values of one path at once. */
function handMade(): Recording {
  const battery = (soc: number) => ({
    '/Dc/0/Voltage': 52,
    '/Dc/0/Current': -10.5,
    '/Soc': soc,
    '/TimeToGo': null,
    '/Info/ChargeMode': 'Bulk',
    '/Io/AllowToCharge': 1,
    '/System/NrOfModulesOnline': 1,
    '/Vendor/Odd': 3,
    '/CustomName': 'Pack',
  });
  const builder = new RecordingBuilder(new Date('2026-06-01T10:00:00Z'), {
    [A]: battery(80),
    [B]: battery(70),
    [SYSTEM]: { '/Control/Dvcc': 1 },
    [SETTINGS]: { '/Settings/SystemSetup/MaxChargeCurrent': -1, '/Settings/SystemSetup/MaxChargeVoltage': 0 },
  });
  builder.update(1000, A, { '/Dc/0/Voltage': 52.13, '/Dc/0/Current': -11, '/TimeToGo': 36000 });
  builder.update(1000, B, { '/Dc/0/Voltage': 52.1, '/Soc': 69.9 });
  builder.update(2000, A, { '/Vendor/Odd': 3.25, '/Info/ChargeMode': 'Absorption', '/Soc': null });
  builder.update(2000, A, { '/Soc': 80.5 }); // the same path again in the same instant
  builder.update(2500, A, { '/Vendor/New': 'hello' });
  builder.update(3000, SETTINGS, { '/Settings/SystemSetup/MaxChargeVoltage': 55.2 });
  builder.vanish(3500, B);
  builder.appear(4500, B, { ...battery(69), '/Info/ChargeMode': 'Float' });
  builder.update(6500, B, { '/Soc': 69.5, '/Io/AllowToCharge': 0 });
  builder.update(7000, A, { '/Dc/0/Current': 2.5 });
  return builder.build();
}

/** The first seconds of a shipped recording. */
function shipped(name: string, untilMs: number): Recording {
  const { header, events } = readRecordingFile(resolve(ROOT, 'streams', `${name}.jsonl`));
  return { header, events: events.filter((event) => event.t <= untilMs) };
}

/** Publishes `original`, records the bus while it plays at `speed`, and returns the new recording. */
async function recordReplay(original: Recording, speed: number): Promise<Recording> {
  const published = await publishRecording(original, bus.address);
  const lines: string[] = [];
  const recorder = recordBus(client, (line) => lines.push(line));
  try {
    await recorder.ready;
    await published.play({ speed });
    await eventually(() => (lines.length >= original.events.length + 1 ? true : undefined), 5000, 'every line to come back');
  } finally {
    recorder.stop();
    await published.stop();
  }
  const parsed = parseRecording(lines.join('\n'));
  assert.ok(parsed.ok, parsed.ok ? '' : formatStreamProblems(parsed.problems));
  return parsed.recording;
}

const withoutTime = (event: StreamEvent) => ({ ...event, t: 0 });

/**
 * Same values and order, per service exactly. Across services only the times are compared: each service
 * has its own connection, and a busy dbus-daemon may pass on one connection's later message before
 * another's earlier one. Times follow the recording divided by the speed, within the tolerance.
 */
function assertSameStream(original: Recording, again: Recording, speed: number): void {
  assert.deepEqual(again.header.services, original.header.services, 'the header holds the same services and values');
  assert.equal(again.events.length, original.events.length, 'as many lines');
  const services = new Set(original.events.map((event) => event.service));
  for (const service of services) {
    const of = (recording: Recording) => recording.events.filter((event) => event.service === service).map(withoutTime);
    assert.deepEqual(of(again), of(original), `${service}: the same lines in the same order`);
  }
  // Match each new line to its original (the n-th line of its service) and compare their times.
  const seen = new Map<string, number>();
  const byService = (recording: Recording, service: string) => recording.events.filter((event) => event.service === service);
  const lag: number[] = [];
  for (const event of again.events) {
    const n = seen.get(event.service) ?? 0;
    seen.set(event.service, n + 1);
    lag.push(event.t - byService(original, event.service)[n]!.t / speed);
  }
  const spread = Math.max(...lag) - Math.min(...lag);
  assert.ok(spread <= TIMING_TOLERANCE_MS, `replayed times stray by ${spread.toFixed(0)} ms from the recorded ones / ${speed}`);
}

test('record -> replay -> record gives the same lines: values, types, appearances, disappearances, order and timing', async () => {
  const original = handMade();
  const again = await recordReplay(original, 4);
  assertSameStream(original, again, 4);
  const kinds: string[] = again.events.map((event) => (isAppeared(event) ? 'appeared' : isVanished(event) ? 'vanished' : typeof event.value));
  assert.ok(['appeared', 'vanished', 'number', 'string', 'object'].every((kind) => kinds.includes(kind)), 'the test covers every kind of line');
});

test('a shipped recording survives record -> replay -> record unchanged', async () => {
  const original = shipped('dropout-with-alarms', 12_000);
  assertSameStream(original, await recordReplay(original, 10), 10);
});

test('a service whose name is already taken on the bus is skipped and said so; the rest plays', async () => {
  const settings = await publishBattery(bus.address, SETTINGS, {}); // the bus's own settings service, say
  const skipped: string[] = [];
  const published = await publishRecording(handMade(), bus.address, { onSkipped: (service) => skipped.push(service) });
  try {
    assert.deepEqual(skipped, [SETTINGS]);
    assert.deepEqual(published.online().sort(), [A, B, SYSTEM].sort());
    await published.play({ speed: 50 });
    assert.deepEqual(published.online().sort(), [A, B, SYSTEM].sort(), 'B came back; the settings line was ignored');
  } finally {
    await published.stop();
    await settings.stop();
  }
});
