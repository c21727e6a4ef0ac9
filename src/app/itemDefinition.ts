import type { ItemDefinition } from '../bus/busItemService';
import type { WireType } from '../bus/busValue';
import { PATH_INFO, kindOf } from '../battery/paths';
import type { Value, ValueKind } from '../battery/value';

const WIRE_TYPE: Record<ValueKind, WireType> = { float: 'd', int: 'i', text: 's' };

/** The wire type of a battery path: by its catalogued kind; unknown paths by the look of the value. */
export function wireTypeOf(path: string, value: Value = null): WireType {
  const kind = kindOf(path);
  if (kind) return WIRE_TYPE[kind];
  if (typeof value === 'string') return 's';
  return typeof value === 'number' && !Number.isInteger(value) ? 'd' : 'i';
}

/** How a battery path is published: typed by the catalogue, with its unit in GetText (`52.10V`). */
export function itemDefinition(path: string, value: Value = null, onSet?: (value: Value) => boolean): ItemDefinition {
  const info = PATH_INFO[path];
  const format =
    info?.unit !== undefined
      ? (v: number | string) => (typeof v === 'number' ? `${v.toFixed(info.decimals ?? 2)}${info.unit}` : v)
      : undefined;
  return { type: wireTypeOf(path, value), value, ...(format && { format }), ...(onSet && { onSet }) };
}
