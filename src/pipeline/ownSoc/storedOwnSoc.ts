import * as t from 'io-ts';
import { isLeft } from 'fp-ts/Either';

/**
 * The own SoC counter's state as kept in the settings service between runs: one JSON text, so soc and savedAt
 * are always written together (two settings could be torn by a power cut between the writes).
 */
export const STORED_OWN_SOC_VERSION = 1;

interface PercentBrand {
  readonly Percent: unique symbol;
}
const Percent = t.brand(t.number, (n): n is t.Branded<number, PercentBrand> => Number.isFinite(n) && n >= 0 && n <= 100, 'Percent');
interface UnixTimeBrand {
  readonly UnixTime: unique symbol;
}
const UnixTime = t.brand(t.number, (n): n is t.Branded<number, UnixTimeBrand> => Number.isFinite(n) && n > 0, 'UnixTime');

export const StoredOwnSoc = t.type({ version: t.literal(STORED_OWN_SOC_VERSION), soc: Percent, savedAt: UnixTime }, 'StoredOwnSoc');
export type StoredOwnSoc = t.TypeOf<typeof StoredOwnSoc>;

/** What each field must be, for the log line that says why a stored state is refused. */
const EXPECTED: Record<string, string> = {
  version: `${STORED_OWN_SOC_VERSION}`,
  soc: 'a finite number in 0..100',
  savedAt: 'a time in seconds since 1970',
};

/** A clock before this is unset (a GX without a battery-backed clock boots in 1970 until NTP answers). */
export const EARLIEST_PLAUSIBLE_TIME = Date.UTC(2020, 0, 1) / 1000;
/** A clock stepped back by NTP may put the last save a little ahead of now; more than this is not a slip. */
export const FUTURE_TOLERANCE_S = 60;

export type ResumeDecision =
  | { readonly kind: 'resume'; readonly soc: number; /** seconds */ readonly age: number }
  | { readonly kind: 'discard'; readonly reason: string }
  /** Nothing stored yet (the setting's default, a first start). */
  | { readonly kind: 'none' };

/** The setting's text for a state saved at `nowMs` (wall clock); soc to 1e-4 %, savedAt to the second. */
export function encodeOwnSoc(soc: number, nowMs: number): string {
  return JSON.stringify({ version: STORED_OWN_SOC_VERSION, soc: Math.round(soc * 1e4) / 1e4, savedAt: Math.round(nowMs / 1000) });
}

/**
 * Whether a stored state may resume the counter at `nowMs` (wall clock): it must decode, be saved at a plausible
 * time not in the future, and be at most `maxStateAge` seconds old. Otherwise the reason, for the log.
 */
export function resumeDecision(text: unknown, nowMs: number, maxStateAge: number): ResumeDecision {
  if (text === '' || text === null || text === undefined) return { kind: 'none' };
  if (typeof text !== 'string') return { kind: 'discard', reason: `the setting holds ${JSON.stringify(text)}, not a text` };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { kind: 'discard', reason: `not JSON (${(err as Error).message}): ${clip(text)}` };
  }
  const decoded = StoredOwnSoc.decode(json);
  if (isLeft(decoded)) {
    const fields = [...new Set(decoded.left.map((e) => e.context[1]?.key).filter((key): key is string => key !== undefined && key !== ''))];
    if (fields.length === 0) return { kind: 'discard', reason: `not an object {version, soc, savedAt}: ${clip(text)}` };
    const record = json as Record<string, unknown>;
    return { kind: 'discard', reason: fields.map((key) => `${key} ${JSON.stringify(record[key]) ?? 'missing'} is not ${EXPECTED[key] ?? 'expected'}`).join('; ') };
  }
  const { soc, savedAt } = decoded.right;
  const now = nowMs / 1000;
  if (savedAt < EARLIEST_PLAUSIBLE_TIME) return { kind: 'discard', reason: `savedAt ${isoTime(savedAt)} is before ${isoTime(EARLIEST_PLAUSIBLE_TIME)}: not a time a GX keeps` };
  if (savedAt > now + FUTURE_TOLERANCE_S) return { kind: 'discard', reason: `savedAt ${isoTime(savedAt)} is in the future (the clock says ${isoTime(now)})` };
  const age = Math.max(0, now - savedAt);
  if (age > maxStateAge) return { kind: 'discard', reason: `saved ${Math.round(age)} s ago, more than maxStateAge (${maxStateAge} s)` };
  return { kind: 'resume', soc, age };
}

function isoTime(seconds: number): string {
  return new Date(seconds * 1000).toISOString();
}

/** A corrupt setting may be long: the log gets its start. */
function clip(text: string): string {
  return JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}...` : text);
}
