import { describe, test } from 'node:test';
import assert, { AssertionError } from 'node:assert/strict';
import { createHash as nodeCreateHash } from 'node:crypto';
import lazyAssert from '../../../src/devtools/lazyAssert';
import { createHash, randomBytes } from '../../../src/devtools/lazyCrypto';

/** The bundle's stand-ins for `assert` and `crypto` (dbus-next's only uses of them) behave as Node's do. */
describe('lazy stand-ins for Node modules in the bundle', () => {
  test('assert passes what holds, and fails with the very error Node\'s assert throws', () => {
    lazyAssert(true);
    lazyAssert.strictEqual(2, 2, 'same');
    const thrown = (run: () => void): unknown => {
      try {
        run();
      } catch (err) {
        return err;
      }
      return assert.fail('expected a throw');
    };
    const same = (lazy: () => void, real: () => void) => {
      const a = thrown(lazy) as InstanceType<typeof AssertionError>;
      const b = thrown(real) as InstanceType<typeof AssertionError>;
      assert.ok(a instanceof AssertionError);
      assert.deepEqual([a.message, a.actual, a.expected, a.operator], [b.message, b.actual, b.expected, b.operator]);
    };
    same(() => lazyAssert(false, 'tree should be one type'), () => assert.ok(false, 'tree should be one type'));
    same(() => lazyAssert(0), () => assert.ok(0));
    same(() => lazyAssert.strictEqual(3, 2, 'variant data should be [signature, data]'), () => assert.strictEqual(3, 2, 'variant data should be [signature, data]'));
    same(() => lazyAssert.strictEqual('2', 2), () => assert.strictEqual('2', 2));
  });

  test('crypto hashes and draws random bytes as Node does (cookie authentication)', () => {
    assert.equal(createHash('sha1').update('a:b:c').digest('hex'), nodeCreateHash('sha1').update('a:b:c').digest('hex'));
    const bytes = randomBytes(16);
    assert.equal(bytes.length, 16);
    assert.notDeepEqual(bytes, randomBytes(16));
  });
});
