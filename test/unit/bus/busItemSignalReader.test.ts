import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import fc from 'fast-check';
import { Message, Variant } from 'dbus-next';
import { BUS_ITEM, busItemSignalOf, type BusItemSignal } from '../../../src/bus/busItemSignal';
import { readBusItemSignal, readItemsReply } from '../../../src/bus/wire/busItemSignalReader';
import { installMessageFraming, setMessageTap } from '../../../src/bus/wire/messageFraming';

// dbus-next marshals the messages and parses them back: the reference the wire reader must equal.
/* eslint-disable @typescript-eslint/no-require-imports */
const { marshallMessage, messageToJsFmt } = require('dbus-next/lib/marshall-compat') as {
  marshallMessage(message: unknown): [Buffer, unknown[]];
  messageToJsFmt(raw: unknown): unknown;
};
const dbusMessage = require('dbus-next/lib/message') as {
  unmarshall(buffer: Buffer): unknown;
  unmarshalMessages(stream: unknown, onMessage: (raw: Record<string, unknown>) => void, options: unknown): void;
};
/* eslint-enable @typescript-eslint/no-require-imports */

/** dbus-next refuses to marshal non-finite doubles; these stand in for them and are swapped in after. */
const NON_FINITE = new Map([[1.25e300, NaN], [2.25e300, Infinity], [3.25e300, -Infinity]]);

function wire(path: string, iface: string, member: string, signature: string, body: unknown, sender = ':1.42'): Buffer {
  const message = Message.newSignal(path, iface, member, signature, [body]);
  message.serial = 7;
  message.sender = sender;
  return withNonFinite(marshallMessage(message)[0]);
}

function withNonFinite(buffer: Buffer): Buffer {
  for (const [marker, actual] of NON_FINITE) {
    const bytes = Buffer.alloc(8);
    bytes.writeDoubleLE(marker);
    for (let at = buffer.indexOf(bytes); at >= 0; at = buffer.indexOf(bytes, at + 8)) buffer.writeDoubleLE(actual, at);
  }
  return buffer;
}

function reference(buffer: Buffer): BusItemSignal | null {
  return busItemSignalOf(new Message(messageToJsFmt(dbusMessage.unmarshall(buffer)) as Message));
}

const int = (min: number, max: number) => fc.integer({ min, max });
/** A Value of every type a driver could put in a variant, valid for the project or not. */
const variant: fc.Arbitrary<Variant> = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((v) => new Variant('d', v)),
  fc.constantFrom(...NON_FINITE.keys(), -0).map((v) => new Variant('d', v)),
  int(-0x80000000, 0x7fffffff).map((v) => new Variant('i', v)),
  int(0, 0xffffffff).map((v) => new Variant('u', v)),
  int(-0x8000, 0x7fff).map((v) => new Variant('n', v)),
  int(0, 0xffff).map((v) => new Variant('q', v)),
  int(0, 255).map((v) => new Variant('y', v)),
  fc.boolean().map((v) => new Variant('b', v)),
  fc.bigInt({ min: -(2n ** 63n) + 1n, max: 2n ** 63n - 1n }).map((v) => new Variant('x', v)),
  fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }).map((v) => new Variant('t', v)),
  fc.string({ unit: 'grapheme', maxLength: 30 }).map((v) => new Variant('s', v)),
  int(4090, 4100).map((n) => new Variant('s', 'x'.repeat(n))),
  fc.constantFrom('/', '/a/b').map((v) => new Variant('o', v)),
  fc.constantFrom('', 'ai', 'a{sv}').map((v) => new Variant('g', v)),
  fc.array(int(-5, 5), { maxLength: 3 }).map((v) => new Variant('ai', v)),
  fc.array(fc.string({ maxLength: 4 }), { maxLength: 3 }).map((v) => new Variant('as', v)),
  fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { maxLength: 2 }).map((v) => new Variant('ad', v)),
  fc.uint8Array({ maxLength: 3 }).map((v) => new Variant('ay', Buffer.from(v))),
  fc.dictionary(fc.constantFrom('a', 'b'), int(0, 9).map((v) => new Variant('i', v)), { maxKeys: 2 }).map((v) => new Variant('a{sv}', { ...v })),
  fc.tuple(int(0, 9), fc.string({ maxLength: 3 })).map((v) => new Variant('(is)', v)),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((v) => new Variant('v', new Variant('d', v))),
);
/** An item's entry: usually Value and Text, sometimes without Value or with more. */
const entry = fc.record(
  { Value: variant, Text: fc.string({ maxLength: 8 }).map((t) => new Variant('s', t)), Min: variant },
  { requiredKeys: ['Text'] },
).map((e) => ({ ...e })); // a plain object: dbus-next's marshaller cannot walk fast-check's prototype-less ones
const itemPath = fc.stringMatching(/^[/A-Za-z][/A-Za-z0-9_ ]{0,20}$/); // no integer-like keys: a JS object would reorder them

test('an ItemsChanged decodes as dbus-next parses it, for values of every type', () => {
  fc.assert(
    fc.property(fc.uniqueArray(fc.tuple(itemPath, entry), { selector: ([path]) => path, maxLength: 25 }), (items) => {
      const buffer = wire('/', BUS_ITEM, 'ItemsChanged', 'a{sa{sv}}', Object.fromEntries(items));
      assert.deepEqual(readBusItemSignal(buffer, 0, buffer.length), reference(buffer));
    }),
    { numRuns: 2000 },
  );
});

test('a PropertiesChanged decodes as dbus-next parses it', () => {
  fc.assert(
    fc.property(fc.stringMatching(/^(\/[A-Za-z0-9_]{1,8}){1,4}$/), entry, (path, body) => {
      const buffer = wire(path, BUS_ITEM, 'PropertiesChanged', 'a{sv}', body);
      assert.deepEqual(readBusItemSignal(buffer, 0, buffer.length), reference(buffer));
    }),
    { numRuns: 2000 },
  );
});

test('a BusItem signal of the wrong signature is reported with no changes, like dbus-next', () => {
  const cases = [
    wire('/', BUS_ITEM, 'ItemsChanged', 'a{sv}', { '/Soc': new Variant('d', 1) }),
    wire('/', BUS_ITEM, 'ItemsChanged', 's', '/Soc'),
    wire('/Soc', BUS_ITEM, 'PropertiesChanged', 'as', ['Value', '1']),
  ];
  for (const buffer of cases) {
    const signal = readBusItemSignal(buffer, 0, buffer.length);
    assert.equal(signal?.changes, null);
    assert.deepEqual(signal, reference(buffer));
  }
});

test('other messages are left to dbus-next', () => {
  const others = [
    wire('/', 'org.freedesktop.DBus.Properties', 'PropertiesChanged', 'a{sv}', {}),
    wire('/', BUS_ITEM, 'GetItems', 's', 'x'),
    marshallMessage(Object.assign(new Message({ path: '/', interface: BUS_ITEM, member: 'GetValue', destination: ':1.1' }), { serial: 3 }))[0],
  ];
  for (const buffer of others) assert.equal(readBusItemSignal(buffer, 0, buffer.length), null);
});

test('a message that ends early throws instead of reading past it', () => {
  const buffer = wire('/', BUS_ITEM, 'ItemsChanged', 'a{sa{sv}}', { '/Soc': { Value: new Variant('d', 1) } });
  assert.throws(() => readBusItemSignal(buffer, 0, buffer.length - 8), RangeError);
});

/** A service's answer to our GetItems call of serial 7: a METHOD_RETURN, or with `errorName` an ERROR. */
function reply(signature: string, body: unknown[], errorName?: string): Buffer {
  const call = Object.assign(new Message({ path: '/', interface: BUS_ITEM, member: 'GetItems', destination: ':1.9' }), { serial: 7, sender: ':1.3' });
  const answer = errorName
    ? Message.newError(call as unknown as string, errorName, 'no') // dbus-next's typings say string; it takes the call
    : Message.newMethodReturn(call, signature, body);
  answer.serial = 40;
  return withNonFinite(marshallMessage(answer)[0]);
}
const awaitingSeven = (serial: number) => serial === 7;

test('a GetItems reply decodes as dbus-next parses the same items in an ItemsChanged', () => {
  fc.assert(
    fc.property(fc.uniqueArray(fc.tuple(itemPath, entry), { selector: ([path]) => path, maxLength: 25 }), (items) => {
      const body = Object.fromEntries(items);
      const buffer = reply('a{sa{sv}}', [body]);
      const signal = wire('/', BUS_ITEM, 'ItemsChanged', 'a{sa{sv}}', body);
      assert.deepEqual(readItemsReply(buffer, 0, buffer.length, awaitingSeven), { replySerial: 7, items: reference(signal)!.changes });
    }),
    { numRuns: 1000 },
  );
});

test('replies to calls not awaited, and other messages, are left to dbus-next', () => {
  const answer = reply('a{sa{sv}}', [{ '/Soc': { Value: new Variant('d', 1) } }]);
  assert.equal(readItemsReply(answer, 0, answer.length, (serial) => serial === 8), null);
  const others = [
    wire('/', BUS_ITEM, 'ItemsChanged', 'a{sa{sv}}', { '/Soc': { Value: new Variant('d', 1) } }),
    marshallMessage(Object.assign(new Message({ path: '/', interface: BUS_ITEM, member: 'GetItems', destination: ':1.1' }), { serial: 7 }))[0],
  ];
  for (const buffer of others) assert.equal(readItemsReply(buffer, 0, buffer.length, () => true), null);
});

test('an error reply, a reply of another signature and a malformed one answer the call with why', () => {
  const error = reply('', [], 'org.freedesktop.DBus.Error.UnknownMethod');
  assert.deepEqual(readItemsReply(error, 0, error.length, awaitingSeven), { replySerial: 7, error: 'org.freedesktop.DBus.Error.UnknownMethod' });
  const other = reply('v', [new Variant('i', 1)]);
  assert.deepEqual(readItemsReply(other, 0, other.length, awaitingSeven), { replySerial: 7, error: 'it answered v' });
  const empty = reply('', []);
  assert.deepEqual(readItemsReply(empty, 0, empty.length, awaitingSeven), { replySerial: 7, error: 'it answered nothing' });
  // The dict's length claims more than the body holds: what is read must stay inside the message.
  const overlong = reply('a{sa{sv}}', [{ '/Soc': { Value: new Variant('d', 1) } }]);
  const bodyAt = overlong.length - overlong.readUInt32LE(4);
  overlong.writeUInt32LE(overlong.readUInt32LE(bodyAt) + 64, bodyAt);
  const answer = readItemsReply(overlong, 0, overlong.length, awaitingSeven);
  assert.equal(answer?.replySerial, 7);
  assert.match(answer && 'error' in answer ? answer.error : '', /^a malformed reply/);
});

test('framing: messages split at any byte reach the tap or dbus-next whole and in order', async () => {
  installMessageFraming();
  const messages = [
    wire('/', BUS_ITEM, 'ItemsChanged', 'a{sa{sv}}', { '/Soc': { Value: new Variant('d', 50) } }),
    wire('/', 'org.example.Other', 'Changed', 's', 'not ours'),
    wire('/Dc/0/Voltage', BUS_ITEM, 'PropertiesChanged', 'a{sv}', { Value: new Variant('d', 52.1) }),
    wire('/', 'org.example.Other', 'Changed', 's', 'also not ours'),
  ];
  const all = Buffer.concat(messages);
  await fc.assert(
    fc.asyncProperty(fc.uniqueArray(int(1, all.length - 1), { maxLength: 12 }), async (cuts) => {
      const stream = new PassThrough();
      const seen: string[] = [];
      setMessageTap(stream, (buffer, start, end) => {
        const signal = readBusItemSignal(buffer, start, end);
        if (signal) seen.push(`tap ${signal.path} ${JSON.stringify(signal.changes)}`);
        return signal !== null;
      });
      dbusMessage.unmarshalMessages(stream, (raw) => seen.push(`dbus-next ${String(raw.member)} ${JSON.stringify(raw.body)}`), {});
      const points = [0, ...cuts.sort((a, b) => a - b), all.length];
      for (let i = 1; i < points.length; i++) stream.write(all.subarray(points[i - 1], points[i]));
      stream.end();
      await new Promise<void>((resolve) => setImmediate(resolve));
      assert.deepEqual(seen, [
          'tap / [{"path":"/Soc","value":50}]',
          'dbus-next Changed ["not ours"]',
          'tap /Dc/0/Voltage [{"path":"/Dc/0/Voltage","value":52.1}]',
          'dbus-next Changed ["also not ours"]',
      ]);
    }),
    { numRuns: 300 },
  );
});
