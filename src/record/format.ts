import * as t from 'io-ts';

/**
 * The recorded-stream format, version 1 (streams/README.md): JSON lines, a header with every service's
 * values at the start, then one line per change, appearance or disappearance, `t` in ms since `start`.
 * These codecs are the single source of truth for its shape; every line is validated on read.
 */
export const FORMAT_NAME = 'battery-aggregator-stream';
export const FORMAT_VERSION = 1;

/** A value as recorded: a number, a text, or `null` for the protocol's invalid. */
export const RecordedValue = t.union([t.number, t.string, t.null], 'RecordedValue');
export type RecordedValue = t.TypeOf<typeof RecordedValue>;

interface BusPathBrand {
  readonly BusPath: unique symbol;
}
/** An object path, `/` then anything: recordings keep what was on the bus, even odd paths. */
export const BusPath = t.brand(t.string, (s): s is t.Branded<string, BusPathBrand> => s.startsWith('/') && s.length > 1, 'BusPath');

interface ServiceNameBrand {
  readonly ServiceName: unique symbol;
}
/** A well-known bus name such as `com.victronenergy.battery.ttyS1`. */
export const ServiceName = t.brand(
  t.string,
  (s): s is t.Branded<string, ServiceNameBrand> => /^[A-Za-z_][A-Za-z0-9_-]*(\.[A-Za-z0-9_-]+)+$/.test(s),
  'ServiceName',
);

interface MillisBrand {
  readonly Millis: unique symbol;
}
/** Milliseconds since the recording's start. */
export const Millis = t.brand(t.number, (n): n is t.Branded<number, MillisBrand> => Number.isFinite(n) && n >= 0, 'Millis');

interface IsoTimeBrand {
  readonly IsoTime: unique symbol;
}
export const IsoTime = t.brand(t.string, (s): s is t.Branded<string, IsoTimeBrand> => !Number.isNaN(Date.parse(s)), 'IsoTime');

/** Every path of one service and its value. */
export const PathValues = t.record(BusPath, RecordedValue, 'PathValues');
export type PathValues = Readonly<Record<string, RecordedValue>>;

export const StreamHeader = t.type(
  {
    format: t.literal(FORMAT_NAME),
    version: t.literal(FORMAT_VERSION),
    start: IsoTime,
    services: t.record(ServiceName, PathValues),
  },
  'StreamHeader',
);
// Types are the codecs' output side: plain strings and numbers (the brands exist only while validating).
export type StreamHeader = t.OutputOf<typeof StreamHeader>;

export const ValueChanged = t.type({ t: Millis, service: ServiceName, path: BusPath, value: RecordedValue }, 'ValueChanged');
export const ServiceAppeared = t.type({ t: Millis, service: ServiceName, appeared: PathValues }, 'ServiceAppeared');
export const ServiceVanished = t.type({ t: Millis, service: ServiceName, vanished: t.literal(true) }, 'ServiceVanished');
export const StreamEvent = t.union([ValueChanged, ServiceAppeared, ServiceVanished], 'StreamEvent');
export type ValueChanged = t.OutputOf<typeof ValueChanged>;
export type ServiceAppeared = t.OutputOf<typeof ServiceAppeared>;
export type ServiceVanished = t.OutputOf<typeof ServiceVanished>;
export type StreamEvent = t.OutputOf<typeof StreamEvent>;

/** A whole recording in memory. */
export interface Recording {
  readonly header: StreamHeader;
  readonly events: readonly StreamEvent[];
}

export function isAppeared(event: StreamEvent): event is ServiceAppeared {
  return 'appeared' in event;
}

export function isVanished(event: StreamEvent): event is ServiceVanished {
  return 'vanished' in event;
}

/** The header line of a new recording (no newline). */
export function headerLine(start: Date, services: Readonly<Record<string, PathValues>>): string {
  return JSON.stringify({ format: FORMAT_NAME, version: FORMAT_VERSION, start: start.toISOString(), services });
}

/** One event line (no newline), keys in the documented order. */
export function eventLine(event: StreamEvent): string {
  if (isAppeared(event)) return JSON.stringify({ t: event.t, service: event.service, appeared: event.appeared });
  if (isVanished(event)) return JSON.stringify({ t: event.t, service: event.service, vanished: true });
  return JSON.stringify({ t: event.t, service: event.service, path: event.path, value: event.value });
}

/** The text of a whole recording, one line each, ending in a newline. */
export function formatRecording(recording: Recording): string {
  const start = new Date(recording.header.start);
  return [headerLine(start, recording.header.services), ...recording.events.map(eventLine)].join('\n') + '\n';
}

/** Events grouped by their time, in order: the lines of one instant are applied together. */
export function batchesByTime(events: readonly StreamEvent[]): StreamEvent[][] {
  const batches: StreamEvent[][] = [];
  for (const event of events) {
    const last = batches[batches.length - 1];
    if (last && last[0]!.t === event.t) last.push(event);
    else batches.push([event]);
  }
  return batches;
}
