/** A battery path's value: a number, a text, or `null` for the protocol's "invalid" (unknown). */
export type Value = number | string | null;

/** How a path's value is typed: measurements are floats, counts, flags and enums are ints. */
export type ValueKind = 'float' | 'int' | 'text';

export function isNumber(value: Value): value is number {
  return typeof value === 'number';
}

export function isText(value: Value): value is string {
  return typeof value === 'string';
}
