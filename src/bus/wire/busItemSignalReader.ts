import { Variant } from 'dbus-next';
import { BUS_ITEM, type BusItemSignal, type ItemValue } from '../busItemSignal';
import { decodeContent, type DecodedValue } from '../busValue';
import { alignmentOf, typeEnd, WireReader } from './wireReader';

const METHOD_RETURN = 2;
const ERROR = 3;
const SIGNAL = 4;
const FIELD = { path: 1, interface: 2, member: 3, errorName: 4, replySerial: 5, sender: 7, signature: 8 } as const;
const ITEMS_CHANGED = 'a{sa{sv}}';
const PROPERTIES_CHANGED = 'a{sv}';

// What dbus-next would hand decodeContent for a value of each shape, so that both paths refuse alike.
const EMPTY_LIST: unknown[] = [];
const A_LIST: unknown[] = [0];
const A_DICT = {};
const A_VARIANT = new Variant('i', 0);

const reader = new WireReader();

/**
 * Decodes a BusItem ItemsChanged or PropertiesChanged signal from the message in `buffer[start, end)`
 * without dbus-next: its generic parser builds a Variant per value and an object per dict, the largest
 * cost of a daemon that hears every battery change. Answers null for any other message (left to
 * dbus-next). Values decode exactly as `decodeVariant` decodes dbus-next's (a test keeps them equal);
 * throws a RangeError on a message that ends early or has an impossible signature.
 */
export function readBusItemSignal(buffer: Buffer, start: number, end: number): BusItemSignal | null {
  if (buffer[start + 1] !== SIGNAL) return null;
  reader.reset(buffer, start, end);
  reader.skip(4);
  const bodyLength = reader.uint32();
  reader.uint32(); // serial
  const fieldsEnd = reader.uint32() + reader.offset;
  let busItem = false;
  let member: BusItemSignal['member'] | null = null;
  let path = '';
  let sender = '';
  let signature = '';
  while (reader.offset < fieldsEnd) {
    reader.align(8);
    const code = reader.byte();
    const type = reader.signature();
    if (code === FIELD.interface && type === 's') {
      if (!reader.stringIs(BUS_ITEM)) return null;
      busItem = true;
    } else if (code === FIELD.member && type === 's') {
      const name = reader.string();
      if (name !== 'ItemsChanged' && name !== 'PropertiesChanged') return null;
      member = name;
    } else if (code === FIELD.path && type === 'o') path = reader.string();
    else if (code === FIELD.sender && type === 's') sender = reader.string();
    else if (code === FIELD.signature && type === 'g') signature = reader.signature();
    else reader.skipValue(type, 0);
  }
  if (!busItem || member === null) return null;
  reader.align(8);
  if (end - reader.offset !== bodyLength) throw new RangeError('body length does not match the message');
  let changes: ItemValue[] | null = null;
  if (member === 'ItemsChanged' && signature === ITEMS_CHANGED) changes = readItems();
  else if (member === 'PropertiesChanged' && signature === PROPERTIES_CHANGED) changes = readProperties(path);
  return { sender, path, member, changes };
}

/** What answered one of our GetItems calls: its items, or why there are none. */
export type ItemsReply =
  | { readonly replySerial: number; readonly items: ItemValue[] }
  | { readonly replySerial: number; readonly error: string };

/**
 * The reply to a GetItems call of ours (`awaited(serial)` says which), its items decoded as an
 * ItemsChanged's: dbus-next would build a Variant per value and an object per dict, for every path of
 * every battery at start-up. Null for any other message (left to dbus-next). An error reply, a reply of
 * another signature or a malformed body answers `error`, so that the caller can fall back to GetValue;
 * throws a RangeError only when the header itself is malformed (and the call is not known).
 */
export function readItemsReply(buffer: Buffer, start: number, end: number, awaited: (serial: number) => boolean): ItemsReply | null {
  const type = buffer[start + 1];
  if (type !== METHOD_RETURN && type !== ERROR) return null;
  reader.reset(buffer, start, end);
  reader.skip(4);
  const bodyLength = reader.uint32();
  reader.uint32(); // serial
  const fieldsEnd = reader.uint32() + reader.offset;
  let replySerial = -1;
  let errorName = '';
  let signature = '';
  while (reader.offset < fieldsEnd) {
    reader.align(8);
    const code = reader.byte();
    const fieldType = reader.signature();
    if (code === FIELD.replySerial && fieldType === 'u') replySerial = reader.uint32();
    else if (code === FIELD.errorName && fieldType === 's') errorName = reader.string();
    else if (code === FIELD.signature && fieldType === 'g') signature = reader.signature();
    else reader.skipValue(fieldType, 0);
  }
  if (!awaited(replySerial)) return null;
  if (type === ERROR) return { replySerial, error: errorName || 'an error without a name' };
  if (signature !== ITEMS_CHANGED) return { replySerial, error: `it answered ${signature || 'nothing'}` };
  try {
    reader.align(8);
    if (end - reader.offset !== bodyLength) throw new RangeError('body length does not match the message');
    return { replySerial, items: readReplyItems() };
  } catch (err) {
    return { replySerial, error: `a malformed reply (${err instanceof Error ? err.message : String(err)})` };
  }
}

function readItems(): ItemValue[] {
  const changes: ItemValue[] = [];
  const end = reader.uint32() + alignedOffset();
  while (reader.offset < end) {
    reader.align(8);
    const path = reader.string();
    const value = readValueOfDict();
    if (value !== NO_VALUE) changes.push({ path, value });
  }
  return changes;
}

/**
 * `readItems` again, for GetItems replies only. Not shared on purpose: V8 decides per allocation site
 * whether to allocate objects straight in the old generation, and a battery's items read at start-up
 * live on (their paths and values become its state). Read by the same code, every later signal's
 * short-lived items would be allocated there too: 25 KB/s of old garbage at 16 batteries, 6.3 -> 10.7 MB
 * of heap in two minutes.
 */
function readReplyItems(): ItemValue[] {
  const items: ItemValue[] = [];
  const end = reader.uint32() + alignedOffset();
  while (reader.offset < end) {
    reader.align(8);
    const path = reader.string();
    const value = readValueOfDict();
    if (value !== NO_VALUE) items.push({ path, value });
  }
  return items;
}

function readProperties(path: string): ItemValue[] {
  const value = readValueOfDict();
  return value === NO_VALUE ? [] : [{ path, value }];
}

const NO_VALUE = Symbol('no Value');

/** Reads an `a{sv}` and answers its `Value` entry, decoded (the last one, as a JS object would keep). */
function readValueOfDict(): DecodedValue | typeof NO_VALUE {
  let value: DecodedValue | typeof NO_VALUE = NO_VALUE;
  const end = reader.uint32() + alignedOffset();
  while (reader.offset < end) {
    reader.align(8);
    if (reader.stringIs('Value')) value = readVariant();
    else reader.skipValue('v', 0);
  }
  return value;
}

/** The offset after aligning to 8: where the elements of a dict array start, and its length counts from. */
function alignedOffset(): number {
  reader.align(8);
  return reader.offset;
}

function readVariant(): DecodedValue {
  const type = reader.signature();
  if (typeEnd(type, 0) !== type.length) throw new RangeError(`variant signature ${type} is not one type`);
  switch (type[0]) {
    case 'd': return decodeContent(reader.double());
    case 'i': return decodeContent(reader.int32());
    case 'u': return decodeContent(reader.uint32());
    case 'n': return decodeContent(reader.int16());
    case 'q': return decodeContent(reader.uint16());
    case 'y': return decodeContent(reader.byte());
    case 'b': return decodeContent(reader.uint32() !== 0);
    case 'x': return decodeContent(reader.int64());
    case 't': return decodeContent(reader.uint64());
    case 's': case 'o': return decodeContent(reader.string());
    case 'g': return decodeContent(reader.signature());
    case 'a': {
      const length = reader.uint32();
      reader.align(alignmentOf(type[1]));
      reader.skip(length);
      return decodeContent(type[1] === '{' ? A_DICT : length === 0 ? EMPTY_LIST : A_LIST);
    }
    case '(':
      reader.skipValue(type, 0);
      return decodeContent(A_LIST);
    case 'v':
      reader.skipValue(type, 0);
      return decodeContent(A_VARIANT);
    default: // 'h': a file descriptor index, meaningless without the descriptors
      reader.skipValue(type, 0);
      return { rejected: 'a file descriptor' };
  }
}
