import { MessageType, Variant, type Message } from 'dbus-next';
import { decodeVariant, type DecodedValue } from './busValue';

/** The interface of every Victron D-Bus item (victron-dbus.md 1). */
export const BUS_ITEM = 'com.victronenergy.BusItem';

/** One item's new value as a BusItem signal carries it (its Text is not needed: we format our own). */
export interface ItemValue {
  readonly path: string;
  readonly value: DecodedValue;
}

/** An ItemsChanged or PropertiesChanged of the BusItem interface, its values decoded. */
export interface BusItemSignal {
  readonly sender: string;
  /** The object path: `/` for ItemsChanged, the item's own path for PropertiesChanged. */
  readonly path: string;
  readonly member: 'ItemsChanged' | 'PropertiesChanged';
  /** Each entry carrying a `Value`, in message order; null when the body is not of the member's signature. */
  readonly changes: readonly ItemValue[] | null;
}

/**
 * The same signal from a message dbus-next parsed: the reference the wire reader
 * (`wire/busItemSignalReader.ts`) is tested against, and its fallback. Null for any other message.
 */
export function busItemSignalOf(msg: Message): BusItemSignal | null {
  if (msg.type !== MessageType.SIGNAL || msg.interface !== BUS_ITEM) return null;
  const member = msg.member;
  if (member !== 'ItemsChanged' && member !== 'PropertiesChanged') return null;
  const body = msg.body[0] as unknown;
  let changes: ItemValue[] | null = null;
  if (member === 'ItemsChanged' && msg.signature === 'a{sa{sv}}' && isDict(body)) {
    changes = [];
    for (const path of Object.keys(body)) {
      const entry = body[path];
      if (isDict(entry) && 'Value' in entry) changes.push({ path, value: decodeVariant(entry.Value) });
    }
  } else if (member === 'PropertiesChanged' && msg.signature === 'a{sv}' && isDict(body)) {
    changes = 'Value' in body ? [{ path: msg.path, value: decodeVariant(body.Value) }] : [];
  }
  return { sender: msg.sender, path: msg.path, member, changes };
}

/** A D-Bus dict as dbus-next hands it over (a plain object; arrays and variants are not). */
export function isDict(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Variant);
}
