import assert from 'node:assert/strict';
import { test } from 'node:test';
import { closestMatch, editDistance } from '../../../src/config/suggest';
import { formatPath } from '../../../src/config/jsonPath';

test('editDistance counts insertions, deletions, substitutions and adjacent swaps as one edit each', () => {
  assert.equal(editDistance('', ''), 0);
  assert.equal(editDistance('cvlMode', 'cvlMode'), 0);
  assert.equal(editDistance('cvlMod', 'cvlMode'), 1);
  assert.equal(editDistance('cvlModes', 'cvlMode'), 1);
  assert.equal(editDistance('cvlMxde', 'cvlMode'), 1);
  assert.equal(editDistance('cvlMdoe', 'cvlMode'), 1);
  assert.equal(editDistance('abc', ''), 3);
});

test('closestMatch ignores case, prefers the nearest, and offers nothing when nothing is close', () => {
  const keys = ['cvlMode', 'cclMode', 'capacity', 'excludedServices'];
  assert.equal(closestMatch('CVLMODE', keys), 'cvlMode');
  assert.equal(closestMatch('cvlmde', keys), 'cvlMode');
  assert.equal(closestMatch('excludeServices', keys), 'excludedServices');
  assert.equal(closestMatch('batteries', keys), undefined);
  assert.equal(closestMatch('x'.repeat(100000), keys), undefined);
});

test('formatPath writes paths as in JavaScript', () => {
  assert.equal(formatPath([]), '');
  assert.equal(formatPath(['ir', 'maxPercentageError']), 'ir.maxPercentageError');
  assert.equal(formatPath(['primaryServices', 'com.victronenergy.battery.ttyS1', 0]), 'primaryServices["com.victronenergy.battery.ttyS1"][0]');
  assert.equal(formatPath(['with "quotes"']), '["with \\"quotes\\""]');
});
