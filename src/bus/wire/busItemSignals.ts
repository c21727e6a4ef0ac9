import type { BusValue, WireType } from '../busValue';
import { WireWriter } from './wireWriter';

/** One path's change as a BusItem signal carries it: the value by its declared type, and its text. */
export interface ItemChange {
  readonly path: string;
  readonly type: WireType;
  readonly value: BusValue;
  readonly text: string;
}

const METHOD_CALL = 1;
const SIGNAL = 4;
const PROTOCOL_VERSION = 1;
const NO_FLAGS = 0;
const HEADER = { path: 1, interface: 2, member: 3, destination: 6, signature: 8 } as const;
const INT32_MIN = -0x80000000;
const INT32_MAX = 0x7fffffff;
const INT64_LIMIT = 2 ** 63;

const writer = new WireWriter();

/**
 * The signals a BusItem service sends on every change, marshalled directly: dbus-next's generic
 * marshaller spends ~250 µs on one ItemsChanged of 20 paths, this a few µs. The bytes are exactly those
 * dbus-next would produce for the same message (a test keeps them so), and values are encoded by the
 * same rules as `encodeValue`.
 */
export function encodeItemsChanged(serial: number, interfaceName: string, changes: readonly ItemChange[]): Buffer {
  const bodyAt = beginSignal(serial, '/', interfaceName, 'ItemsChanged', 'a{sa{sv}}');
  const outer = writer.beginArray(8);
  for (const change of changes) {
    writer.align(8);
    writer.string(change.path);
    writeValueAndText(change);
  }
  writer.endArray(outer, 8);
  return endSignal(bodyAt);
}

export function encodePropertiesChanged(serial: number, interfaceName: string, change: ItemChange): Buffer {
  const bodyAt = beginSignal(serial, change.path, interfaceName, 'PropertiesChanged', 'a{sv}');
  writeValueAndText(change);
  return endSignal(bodyAt);
}

/**
 * A client's GetItems on `/` of `destination`: a battery's first read, its whole reply decoded by our
 * own reader (`readItemsReply`) instead of dbus-next's, which at start-up parses 16 such replies at once.
 */
export function encodeGetItems(serial: number, destination: string, interfaceName: string): Buffer {
  beginMessage(METHOD_CALL, serial);
  const fields = writer.beginArray(8);
  headerField(HEADER.path, 'o', '/');
  headerField(HEADER.interface, 's', interfaceName);
  headerField(HEADER.member, 's', 'GetItems');
  headerField(HEADER.destination, 's', destination);
  writer.endArray(fields, 8);
  writer.align(8);
  return writer.finish(); // no body: its length stays 0
}

/** Writes the fixed header and header fields; returns where the body starts. */
function beginSignal(serial: number, path: string, interfaceName: string, member: string, signature: string): number {
  beginMessage(SIGNAL, serial);
  const fields = writer.beginArray(8);
  headerField(HEADER.path, 'o', path);
  headerField(HEADER.interface, 's', interfaceName);
  headerField(HEADER.member, 's', member);
  writer.align(8);
  writer.byte(HEADER.signature);
  writer.signature('g');
  writer.signature(signature);
  writer.endArray(fields, 8);
  writer.align(8);
  return writer.offset;
}

/** The fixed header up to the header fields, the body length 0 (patched by `endSignal`). */
function beginMessage(type: number, serial: number): void {
  writer.reset();
  writer.byte(108); // 'l': little-endian
  writer.byte(type);
  writer.byte(NO_FLAGS);
  writer.byte(PROTOCOL_VERSION);
  writer.uint32(0);
  writer.uint32(serial);
}

function headerField(code: number, type: 's' | 'o', value: string): void {
  writer.align(8);
  writer.byte(code);
  writer.signature(type);
  writer.string(value);
}

function endSignal(bodyAt: number): Buffer {
  writer.patchUint32(4, writer.offset - bodyAt);
  return writer.finish();
}

/** The `a{sv}` of one path: `Value` and `Text`. */
function writeValueAndText(change: ItemChange): void {
  const entries = writer.beginArray(8);
  writer.align(8);
  writer.string('Value');
  writeValue(change.type, change.value);
  writer.align(8);
  writer.string('Text');
  writer.signature('s');
  writer.string(change.text);
  writer.endArray(entries, 8);
}

function writeValue(type: WireType, value: BusValue): void {
  if (value !== null) {
    if (type === 's') {
      writer.signature('s');
      writer.string(String(value));
      return;
    }
    if (typeof value === 'number' && Number.isFinite(value)) {
      if (type === 'd') {
        writer.signature('d');
        writer.double(value + 0); // -0 goes out as 0, as dbus-next sends it
        return;
      }
      const rounded = Math.round(value);
      if (rounded >= INT32_MIN && rounded <= INT32_MAX) {
        writer.signature('i');
        writer.int32(rounded);
        return;
      }
      if (Math.abs(rounded) < INT64_LIMIT) {
        writer.signature('x');
        writer.int64(BigInt(rounded));
        return;
      }
    }
  }
  writer.signature('ai'); // invalid: an empty array of int32
  writer.beginArray(4);
}
