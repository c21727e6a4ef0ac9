import { Variant } from 'dbus-next';

/**
 * A Victron BusItem value as this project handles it: a number, a text, or `null` for the protocol's
 * "invalid" marker. Lists and dicts exist on the bus but no battery path carries them.
 */
export type BusValue = number | string | null;

/** How a published path is typed on the wire: `d` double, `i` int32, `s` string (victron-dbus.md 1.1). */
export type WireType = 'd' | 'i' | 's';

/** Longer strings are refused on input: no battery path needs them and they would bloat every log line. */
export const MAX_TEXT_LENGTH = 4096;

const INT32_MIN = -0x80000000;
const INT32_MAX = 0x7fffffff;
/** What dbus-next marshals as `x`: strictly between ±2^63 (it refuses -2^63 too). */
const INT64_LIMIT = 2 ** 63;

/** The invalid marker: an empty `ai` array in a variant. Shared, since it is never mutated. */
export const INVALID_VARIANT: Variant = new Variant('ai', []);

/**
 * Encodes a value for the wire by the path's declared type, never by the JS value's look
 * (JS cannot tell 13.0 from 13). Non-finite numbers become invalid: D-Bus clients must never see NaN.
 */
export function encodeValue(type: WireType, value: BusValue): Variant {
  if (value === null) return INVALID_VARIANT;
  switch (type) {
    case 'd':
      return typeof value === 'number' && Number.isFinite(value) ? new Variant('d', value) : INVALID_VARIANT;
    case 'i': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return INVALID_VARIANT;
      const rounded = Math.round(value);
      if (rounded >= INT32_MIN && rounded <= INT32_MAX) return new Variant('i', rounded);
      // Beyond int64 dbus-next throws while marshalling (the whole reply or signal would fail): invalid instead.
      if (Math.abs(rounded) < INT64_LIMIT) return new Variant('x', BigInt(rounded));
      return INVALID_VARIANT;
    }
    case 's':
      return new Variant('s', String(value));
  }
}

/** Why an incoming value was refused; the caller counts and logs it. */
export type Rejection = { readonly rejected: string };

export type DecodedValue = BusValue | Rejection;

export function isRejection(value: DecodedValue): value is Rejection {
  return value !== null && typeof value === 'object';
}

/**
 * Decodes a variant's content as velib's `unwrap_dbus_value` does: any empty array is invalid, integers of
 * every width and doubles are numbers, booleans are 0/1. Everything this project cannot use (non-finite
 * numbers, lists, dicts, oversized text) is a rejection with a reason, never an exception.
 */
export function decodeVariant(variant: unknown): DecodedValue {
  if (!(variant instanceof Variant)) return { rejected: 'not a variant' };
  return decodeContent(variant.value);
}

export function decodeContent(value: unknown): DecodedValue {
  switch (typeof value) {
    case 'number':
      return Number.isFinite(value) ? value : { rejected: `non-finite number ${String(value)}` };
    case 'bigint': {
      const n = Number(value);
      return Number.isSafeInteger(n) ? n : { rejected: 'integer out of range' };
    }
    case 'boolean':
      return value ? 1 : 0;
    case 'string':
      return value.length <= MAX_TEXT_LENGTH ? value : { rejected: `text of ${value.length} characters` };
    default:
      // dbus-next hands an `ay` over as a Buffer, not an array: an empty one is invalid too.
      if (Array.isArray(value) || value instanceof Uint8Array) return value.length === 0 ? null : { rejected: 'a list' };
      if (value instanceof Variant) return { rejected: 'a variant in a variant' };
      return { rejected: value === null || value === undefined ? 'no value' : 'a dict' };
  }
}

/** The default `GetText` of vedbus: `str(value)`, and `---` for invalid. */
export function defaultText(value: BusValue): string {
  return value === null ? '---' : String(value);
}
