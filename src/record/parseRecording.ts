import * as t from 'io-ts';
import { isLeft } from 'fp-ts/Either';
import {
  FORMAT_NAME,
  FORMAT_VERSION,
  BusPath,
  ServiceAppeared,
  ServiceName,
  ServiceVanished,
  StreamHeader,
  ValueChanged,
  isAppeared,
  isVanished,
  type Recording,
  type StreamEvent,
} from './format';

/** One thing wrong with a recording: the line (from 1) and what. */
export interface StreamProblem {
  readonly line: number;
  readonly message: string;
}

export type ParseResult = { readonly ok: true; readonly recording: Recording } | { readonly ok: false; readonly problems: readonly StreamProblem[] };

/** More problems than this are not worth reading: the file is not a recording. */
const MAX_PROBLEMS = 20;

/**
 * Reads a recording's text, validating every line against the codecs of format.ts and the stream's own
 * rules: time never goes back, a change or a disappearance names a service that is present, an
 * appearance one that is not. Blank lines are allowed (a trailing newline); everything else is checked.
 */
export function parseRecording(text: string): ParseResult {
  const lines = text.split('\n');
  const problems: StreamProblem[] = [];
  const fail = (line: number, message: string) => problems.push({ line, message });

  const first = lines.findIndex((line) => line.trim() !== '');
  if (first < 0) return { ok: false, problems: [{ line: 1, message: 'empty file: expected a header line' }] };
  const header = parseHeader(lines[first]!);
  if (typeof header === 'string') return { ok: false, problems: [{ line: first + 1, message: header }] };

  const present = new Set(Object.keys(header.services));
  const events: StreamEvent[] = [];
  let lastT = 0;
  for (let i = first + 1; i < lines.length && problems.length < MAX_PROBLEMS; i++) {
    const text = lines[i]!;
    if (text.trim() === '') continue;
    const event = parseEvent(text);
    if (typeof event === 'string') {
      fail(i + 1, event);
      continue;
    }
    if (event.t < lastT) fail(i + 1, `t ${event.t} is before the previous line's ${lastT}`);
    lastT = Math.max(lastT, event.t);
    if (isAppeared(event)) {
      if (present.has(event.service)) fail(i + 1, `${event.service} appeared but is already present`);
      present.add(event.service);
    } else if (!present.has(event.service)) {
      fail(i + 1, `${event.service} is not present (no header entry or appeared line)`);
    } else if (isVanished(event)) {
      present.delete(event.service);
    }
    events.push(event);
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, recording: { header, events } };
}

export function formatStreamProblems(problems: readonly StreamProblem[]): string {
  return problems.map((p) => `line ${p.line}: ${p.message}`).join('\n');
}

function parseHeader(text: string): StreamHeader | string {
  const json = parseJson(text);
  if (json instanceof InvalidJson) return json.message;
  if (!isObject(json) || json.format !== FORMAT_NAME) return `not a recording: expected a header with "format":"${FORMAT_NAME}"`;
  if (json.version !== FORMAT_VERSION) return `unsupported version ${JSON.stringify(json.version)}: this build reads version ${FORMAT_VERSION}`;
  const header = decode(StreamHeader, json);
  if (typeof header === 'string') return header;
  for (const [service, values] of Object.entries(json.services as Record<string, Record<string, unknown>>)) {
    if (!ServiceName.is(service)) return `services: expected ${expected('ServiceName')}, got ${describe(service)}`;
    const bad = badPath(values);
    if (bad !== null) return `services.${service}: ${bad}`;
  }
  return header;
}

/** Picks the line's kind by its distinguishing key, so errors speak of that kind, not of a union. */
function parseEvent(text: string): StreamEvent | string {
  const json = parseJson(text);
  if (json instanceof InvalidJson) return json.message;
  if (!isObject(json)) return 'expected an object';
  if ('appeared' in json) {
    const appeared = decode(ServiceAppeared, json);
    const bad = typeof appeared === 'string' ? null : badPath(json.appeared as Record<string, unknown>);
    return bad === null ? appeared : `appeared: ${bad}`;
  }
  if ('vanished' in json) return decode(ServiceVanished, json);
  return decode(ValueChanged, json);
}

/** A line that is not JSON at all, kept apart from JSON that merely has the wrong shape. */
class InvalidJson {
  constructor(readonly message: string) {}
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    return new InvalidJson(`invalid JSON: ${(err as Error).message}`);
  }
}

/** Decodes an object line, refusing keys the codec does not know (a misspelt key must not vanish). */
function decode<C extends t.InterfaceType<t.Props>>(codec: C, json: Record<string, unknown>): t.TypeOf<C> | string {
  const unknown = Object.keys(json).filter((key) => !(key in codec.props));
  if (unknown.length > 0) return `unknown key ${unknown.map((k) => JSON.stringify(k)).join(', ')}`;
  const result = codec.decode(json);
  if (!isLeft(result)) return result.right as t.TypeOf<C>;
  // Reported at the first union on the way down (a value is one of three kinds), not at one of its branches.
  const { context } = result.left[0]!;
  const end = context.findIndex((entry, i) => i > 0 && entry.type instanceof t.UnionType);
  const trail = end < 0 ? context : context.slice(0, end + 1);
  const keys = trail.slice(1).map((entry) => entry.key);
  const at = trail[trail.length - 1]!;
  const where = keys.length > 0 ? `${keys.join('.')}: ` : '';
  return `${where}expected ${expected(at.type.name)}, got ${describe(at.actual)}`;
}

/** io-ts drops record keys its domain refuses instead of failing: a path that is no path must be an error. */
function badPath(values: Record<string, unknown>): string | null {
  const path = Object.keys(values).find((key) => !BusPath.is(key));
  return path === undefined ? null : `expected ${expected('BusPath')}, got ${describe(path)}`;
}

const EXPECTED: Record<string, string> = {
  RecordedValue: 'a number, a text or null',
  BusPath: 'a path starting with /',
  ServiceName: 'a bus name such as com.victronenergy.battery.ttyS1',
  Millis: 'milliseconds since the start (a number of 0 or more)',
  IsoTime: 'an ISO time such as 2026-06-01T10:00:00.000Z',
  PathValues: 'an object of path to value',
  number: 'a number',
  string: 'a text',
  null: 'null',
  true: 'true',
};

function expected(name: string): string {
  return EXPECTED[name] ?? name;
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  const json = JSON.stringify(value);
  return json.length > 60 ? `${json.slice(0, 57)}...` : json;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
