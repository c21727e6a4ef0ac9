import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as t from 'io-ts';
import { codecProblems } from '../../../src/config/codecProblems';
import { objectKeysOf } from '../../../src/config/objectCodec';

// An option group with a key that must be given, as a guard's threshold is.
const Guard = t.intersection([t.type({ maxCellVoltage: t.number }), t.partial({ hysteresis: t.number, releaseSeconds: t.number })]);

test('an intersection of object codecs has the keys of both, the required ones of t.type', () => {
  const keys = objectKeysOf(Guard);
  assert.deepEqual(Object.keys(keys?.props ?? {}), ['maxCellVoltage', 'hysteresis', 'releaseSeconds']);
  assert.deepEqual(keys?.required, ['maxCellVoltage']);
  assert.equal(objectKeysOf(t.intersection([t.type({ a: t.number }), t.array(t.number)])), undefined);
});

test('an option group with a required key: each problem at its key, unknown and missing keys included', () => {
  assert.deepEqual(codecProblems(Guard, { maxCellVoltage: 3.6, hysteresis: 0.05 }), []);
  assert.deepEqual(codecProblems(Guard, { hysteresis: 'x', maxCelVoltage: 3.6 }), [
    { path: ['hysteresis'], on: 'value', message: 'expected a number, got "x"' },
    { path: ['maxCelVoltage'], on: 'key', message: 'unknown key; did you mean "maxCellVoltage"?' },
    { path: [], on: 'value', message: 'missing key "maxCellVoltage"' },
  ]);
  assert.deepEqual(codecProblems(Guard, [3.6]), [{ path: [], on: 'value', message: 'expected an object, got [3.6]' }]);
});
