import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Variant } from 'dbus-next';
import { INVALID_VARIANT, MAX_TEXT_LENGTH, decodeContent, decodeVariant, defaultText, encodeValue, isRejection } from '../../../src/bus/busValue';

const isInvalidVariant = (variant: Variant) => variant.signature === 'ai' && Array.isArray(variant.value) && variant.value.length === 0;

test('encodeValue: invalid (null) is an empty `ai` array, whatever the declared type', () => {
  for (const type of ['d', 'i', 's'] as const) assert.ok(isInvalidVariant(encodeValue(type, null)), type);
});

test('encodeValue: a `d` path is sent as a double, even when the number is whole', () => {
  assert.deepEqual(encodeValue('d', 52.4), new Variant('d', 52.4));
  assert.deepEqual(encodeValue('d', 13), new Variant('d', 13));
  assert.deepEqual(encodeValue('d', -0.5), new Variant('d', -0.5));
});

test('encodeValue: an `i` path is sent as a rounded int32', () => {
  assert.deepEqual(encodeValue('i', 2), new Variant('i', 2));
  assert.deepEqual(encodeValue('i', 2.4), new Variant('i', 2));
  assert.deepEqual(encodeValue('i', 2.6), new Variant('i', 3));
  assert.deepEqual(encodeValue('i', -2.6), new Variant('i', -3));
  assert.deepEqual(encodeValue('i', 0x7fffffff), new Variant('i', 0x7fffffff));
  assert.deepEqual(encodeValue('i', -0x80000000), new Variant('i', -0x80000000));
});

test('encodeValue: an `i` value beyond int32 is sent as an int64 (`x`, a BigInt)', () => {
  assert.deepEqual(encodeValue('i', 0x80000000), new Variant('x', 2147483648n));
  assert.deepEqual(encodeValue('i', -0x80000001), new Variant('x', -2147483649n));
  assert.deepEqual(encodeValue('i', 1e12 + 0.4), new Variant('x', 1000000000000n));
});

test('encodeValue: an `i` value beyond int64 is invalid, since D-Bus could not carry it', () => {
  assert.ok(isInvalidVariant(encodeValue('i', 2 ** 63)));
  assert.ok(isInvalidVariant(encodeValue('i', -(2 ** 64))));
  assert.ok(isInvalidVariant(encodeValue('i', 1e300)));
  assert.ok(isInvalidVariant(encodeValue('i', -(2 ** 63))), 'dbus-next refuses -2^63');
  assert.deepEqual(encodeValue('i', 2 ** 62), new Variant('x', 2n ** 62n));
  assert.deepEqual(encodeValue('i', -(2 ** 62)), new Variant('x', -(2n ** 62n)));
});

test('encodeValue: NaN and ±Infinity are invalid, never sent as numbers', () => {
  for (const type of ['d', 'i'] as const) {
    for (const value of [NaN, Infinity, -Infinity]) assert.ok(isInvalidVariant(encodeValue(type, value)), `${type} ${value}`);
  }
});

test('encodeValue: text on a number path is invalid; an `s` path sends any value as text', () => {
  assert.ok(isInvalidVariant(encodeValue('d', 'Float')));
  assert.ok(isInvalidVariant(encodeValue('i', '3')));
  assert.deepEqual(encodeValue('s', 'Float'), new Variant('s', 'Float'));
  assert.deepEqual(encodeValue('s', 3), new Variant('s', '3'));
  assert.deepEqual(encodeValue('s', ''), new Variant('s', ''));
});

test('INVALID_VARIANT is the empty `ai` array', () => {
  assert.ok(isInvalidVariant(INVALID_VARIANT));
});

test('decodeVariant: an empty array of any type is invalid (null)', () => {
  for (const signature of ['ai', 'ad', 'as', 'av', 'au']) assert.equal(decodeVariant(new Variant(signature, [])), null, signature);
  // dbus-next hands an `ay` over as a Buffer
  assert.equal(decodeVariant(new Variant('ay', Buffer.alloc(0))), null, 'ay');
});

test('decodeVariant: numbers of every width are numbers', () => {
  assert.equal(decodeVariant(new Variant('d', 52.25)), 52.25);
  assert.equal(decodeVariant(new Variant('i', -3)), -3);
  assert.equal(decodeVariant(new Variant('u', 7)), 7);
  assert.equal(decodeVariant(new Variant('y', 255)), 255);
  assert.equal(decodeVariant(new Variant('n', -12)), -12);
});

test('decodeVariant: 64-bit integers (BigInt) become numbers while exact, else are rejected', () => {
  assert.equal(decodeVariant(new Variant('x', 5n)), 5);
  assert.equal(decodeVariant(new Variant('t', 2n ** 40n)), 2 ** 40);
  assert.equal(decodeVariant(new Variant('x', -(2n ** 53n) + 1n)), -(2 ** 53) + 1);
  assert.ok(isRejection(decodeVariant(new Variant('t', 2n ** 64n - 1n))));
});

test('decodeVariant: booleans are 0 and 1', () => {
  assert.equal(decodeVariant(new Variant('b', true)), 1);
  assert.equal(decodeVariant(new Variant('b', false)), 0);
});

test('decodeVariant: text is text, up to MAX_TEXT_LENGTH characters', () => {
  assert.equal(decodeVariant(new Variant('s', 'Bulk')), 'Bulk');
  assert.equal(decodeVariant(new Variant('s', '')), '');
  const longest = 'x'.repeat(MAX_TEXT_LENGTH);
  assert.equal(decodeVariant(new Variant('s', longest)), longest);
  assert.ok(isRejection(decodeVariant(new Variant('s', `${longest}x`))));
});

test('decodeVariant: NaN and ±Infinity are rejected, not taken as numbers', () => {
  for (const value of [NaN, Infinity, -Infinity]) assert.ok(isRejection(decodeVariant(new Variant('d', value))), String(value));
});

test('decodeVariant: non-empty lists and dicts are rejected with a reason', () => {
  for (const variant of [
    new Variant('ai', [1, 2]),
    new Variant('as', ['a']),
    new Variant('ay', Buffer.from([1])),
    new Variant('a{sv}', { a: new Variant('i', 1) }),
    new Variant('a{sv}', {}),
    new Variant('(ii)', [1, 2]),
  ]) {
    const decoded = decodeVariant(variant);
    if (!isRejection(decoded)) assert.fail(`${variant.signature} was accepted as ${String(decoded)}`);
    assert.ok(decoded.rejected.length > 0);
  }
});

test('decodeVariant: what is not a variant is rejected, never thrown', () => {
  for (const value of [undefined, null, 3, 'text', [], {}]) assert.ok(isRejection(decodeVariant(value)), JSON.stringify(value));
});

test('decodeContent: the same rules on a variant\'s content', () => {
  assert.equal(decodeContent([]), null);
  assert.equal(decodeContent(1.5), 1.5);
  assert.equal(decodeContent(true), 1);
  assert.equal(decodeContent(9n), 9);
  assert.equal(decodeContent('Float'), 'Float');
  assert.ok(isRejection(decodeContent(NaN)));
  assert.ok(isRejection(decodeContent(undefined)));
  assert.ok(isRejection(decodeContent(null)));
  assert.ok(isRejection(decodeContent([1])));
  assert.ok(isRejection(decodeContent({ a: 1 })));
});

test('isRejection tells a rejection from a value, including invalid', () => {
  assert.equal(isRejection(null), false);
  assert.equal(isRejection(0), false);
  assert.equal(isRejection(''), false);
  assert.equal(isRejection({ rejected: 'a list' }), true);
});

test('defaultText is str(value), and --- for invalid', () => {
  assert.equal(defaultText(null), '---');
  assert.equal(defaultText(52.5), '52.5');
  assert.equal(defaultText('Bulk'), 'Bulk');
});
