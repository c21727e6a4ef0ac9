import * as t from 'io-ts';

/** The keys of an object codec, and which of them must be given. */
export interface ObjectKeys {
  readonly props: Readonly<Record<string, t.Mixed>>;
  readonly required: readonly string[];
}

/**
 * The keys of `t.type` (all required), `t.partial` (all optional) or an intersection of them, e.g. an option group
 * with one key that must be given: `t.intersection([t.type({ maxCellVoltage }), t.partial({ hysteresis })])`.
 * `undefined` for any other codec.
 */
export function objectKeysOf(codec: t.Mixed): ObjectKeys | undefined {
  if (codec instanceof t.InterfaceType) return { props: codec.props as Record<string, t.Mixed>, required: Object.keys(codec.props as object) };
  if (codec instanceof t.PartialType) return { props: codec.props as Record<string, t.Mixed>, required: [] };
  if (codec instanceof t.IntersectionType) {
    const parts = (codec.types as t.Mixed[]).map(objectKeysOf);
    if (!parts.every((part): part is ObjectKeys => part !== undefined)) return undefined;
    return { props: Object.assign({}, ...parts.map((part) => part.props)) as Record<string, t.Mixed>, required: parts.flatMap((part) => part.required) };
  }
  return undefined;
}
