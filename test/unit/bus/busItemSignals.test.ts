import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { Message, Variant } from 'dbus-next';
import { encodeValue, type BusValue, type WireType } from '../../../src/bus/busValue';
import { encodeGetItems, encodeItemsChanged, encodePropertiesChanged, type ItemChange } from '../../../src/bus/wire/busItemSignals';

// dbus-next's own marshaller is the reference: our bytes must be exactly its bytes.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { marshallMessage } = require('dbus-next/lib/marshall-compat') as { marshallMessage(message: unknown): [Buffer, unknown[]] };

const INTERFACE = 'com.victronenergy.BusItem';

function entry(change: ItemChange): Record<string, Variant> {
  return { Value: encodeValue(change.type, change.value), Text: new Variant('s', change.text) };
}

function reference(path: string, member: string, signature: string, body: unknown, serial: number): Buffer {
  const message = Message.newSignal(path, INTERFACE, member, signature, [body]);
  message.serial = serial;
  return marshallMessage(message)[0];
}

const value: fc.Arbitrary<BusValue> = fc.oneof(
  fc.constant(null),
  fc.double(),
  fc.integer(),
  fc.double({ min: -1e20, max: 1e20 }),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 10 }),
);
const change: fc.Arbitrary<ItemChange> = fc.record({
  path: fc.stringMatching(/^(\/[A-Za-z0-9_]{1,12}){1,4}$/),
  type: fc.constantFrom<WireType>('d', 'i', 's'),
  value,
  text: fc.string({ unit: 'grapheme', maxLength: 20 }),
});

test('ItemsChanged is byte for byte what dbus-next marshals', () => {
  fc.assert(
    fc.property(fc.uniqueArray(change, { selector: (c) => c.path, maxLength: 30 }), fc.integer({ min: 1, max: 2 ** 31 }), (changes, serial) => {
      const body = Object.fromEntries(changes.map((c) => [c.path, entry(c)]));
      assert.deepEqual(encodeItemsChanged(serial, INTERFACE, changes), reference('/', 'ItemsChanged', 'a{sa{sv}}', body, serial));
    }),
    { numRuns: 2000 },
  );
});

test('PropertiesChanged is byte for byte what dbus-next marshals', () => {
  fc.assert(
    fc.property(change, fc.integer({ min: 1, max: 2 ** 31 }), (c, serial) => {
      assert.deepEqual(encodePropertiesChanged(serial, INTERFACE, c), reference(c.path, 'PropertiesChanged', 'a{sv}', entry(c), serial));
    }),
    { numRuns: 2000 },
  );
});

test('a GetItems call is byte for byte what dbus-next marshals', () => {
  const destination = fc.oneof(fc.stringMatching(/^:1\.[0-9]{1,5}$/), fc.stringMatching(/^com\.victronenergy\.battery\.[A-Za-z_][A-Za-z0-9_]{0,29}$/));
  fc.assert(
    fc.property(destination, fc.integer({ min: 1, max: 2 ** 32 - 1 }), (to, serial) => {
      const call = new Message({ destination: to, path: '/', interface: INTERFACE, member: 'GetItems' });
      call.serial = serial;
      assert.deepEqual(encodeGetItems(serial, to, INTERFACE), marshallMessage(call)[0]);
    }),
    { numRuns: 1000 },
  );
});

test('values outside int32 go out as int64, beyond it and non-finite ones as invalid, as encodeValue does', () => {
  for (const v of [2 ** 40, -(2 ** 40), 2 ** 70, Number.NaN, Infinity, -Infinity]) {
    const c: ItemChange = { path: '/X', type: 'i', value: v, text: '' };
    assert.deepEqual(encodeItemsChanged(7, INTERFACE, [c]), reference('/', 'ItemsChanged', 'a{sa{sv}}', { '/X': entry(c) }, 7));
  }
});
