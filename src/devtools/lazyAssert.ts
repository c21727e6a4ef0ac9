/* eslint-disable @typescript-eslint/no-require-imports -- loaded only when an assertion fails */
type NodeAssert = typeof import('node:assert');

/**
 * Stands in for `assert` in the bundle, where only dbus-next's marshaller uses it: Node's module (and
 * what it loads) costs about 0.5 MB of a GX's memory at start-up for checks that pass. A failing check
 * loads it and throws its AssertionError.
 */
const real = (): NodeAssert => require('node:assert') as NodeAssert;

function assert(value: unknown, message?: string): void {
  if (value) return;
  const node: NodeAssert = real();
  node.ok(value, message);
}
assert.strictEqual = (actual: unknown, expected: unknown, message?: string): void => {
  if (actual === expected) return;
  const node: NodeAssert = real();
  node.strictEqual(actual, expected, message);
};

export = assert;
