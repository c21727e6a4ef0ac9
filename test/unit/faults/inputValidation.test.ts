import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Variant } from 'dbus-next';
import { MAX_ITEM_PATH_LENGTH, isItemPath } from '../../../src/bus/objectTree';
import { decodeVariant } from '../../../src/bus/busValue';

test('isItemPath: D-Bus object paths below the root, of a bounded length', () => {
  for (const path of ['/Soc', '/Dc/0/Voltage', '/Alarms/Cell_Imbalance', `/${'p'.repeat(MAX_ITEM_PATH_LENGTH - 1)}`]) {
    assert.equal(isItemPath(path), true, path);
  }
  for (const path of ['', '/', 'Soc', '/Soc/', '//Soc', '/Dc//0', '/a b', '/Alarms/x\ny', '/Ünits', '/a-b', `/${'p'.repeat(MAX_ITEM_PATH_LENGTH)}`]) {
    assert.equal(isItemPath(path), false, JSON.stringify(path));
  }
});

test('decodeVariant: a variant inside a variant is refused as such, not mistaken for a dict', () => {
  assert.deepEqual(decodeVariant(new Variant('v', new Variant('d', 1))), { rejected: 'a variant in a variant' });
  assert.deepEqual(decodeVariant(new Variant('a{sv}', {})), { rejected: 'a dict' });
});
