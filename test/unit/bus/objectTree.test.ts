import assert from 'node:assert/strict';
import { test } from 'node:test';
import { childNodes, isUnder, relativePath, treeNodesOf } from '../../../src/bus/objectTree';

test('treeNodesOf: /Dc/0/Voltage implies the nodes /, /Dc and /Dc/0', () => {
  assert.deepEqual([...treeNodesOf(['/Dc/0/Voltage'])].sort(), ['/', '/Dc', '/Dc/0']);
});

test('treeNodesOf: every proper prefix of every path, once, plus the root; a top-level path adds only the root', () => {
  const nodes = treeNodesOf(['/Soc', '/Dc/0/Voltage', '/Dc/0/Current', '/Dc/1/Voltage', '/System/MinCellVoltage']);
  assert.deepEqual([...nodes].sort(), ['/', '/Dc', '/Dc/0', '/Dc/1', '/System']);
  assert.equal(nodes.has('/Soc'), false, 'a leaf is not a node');
});

test('treeNodesOf: no paths is just the root', () => {
  assert.deepEqual([...treeNodesOf([])], ['/']);
});

test('isUnder: strictly below a node, on a path-segment boundary', () => {
  assert.equal(isUnder('/Dc/0/Voltage', '/Dc'), true);
  assert.equal(isUnder('/Dc/0/Voltage', '/Dc/0'), true);
  assert.equal(isUnder('/Dc/0', '/Dc/0'), false, 'not below itself');
  assert.equal(isUnder('/Dcx/Voltage', '/Dc'), false, 'a longer name is not a child');
  assert.equal(isUnder('/Dc', '/Dc/0'), false, 'a parent is not below its child');
});

test('isUnder: everything but the root itself is under the root', () => {
  assert.equal(isUnder('/Soc', '/'), true);
  assert.equal(isUnder('/Dc/0/Voltage', '/'), true);
  assert.equal(isUnder('/', '/'), false);
});

test('relativePath: the key of a leaf in a node\'s dict, without the leading slash', () => {
  assert.equal(relativePath('/Dc/0/Voltage', '/'), 'Dc/0/Voltage');
  assert.equal(relativePath('/Dc/0/Voltage', '/Dc'), '0/Voltage');
  assert.equal(relativePath('/Dc/0/Voltage', '/Dc/0'), 'Voltage');
});

test('childNodes: the names of the direct children of a node, among nodes and leaves, sorted and distinct', () => {
  const leaves = ['/Soc', '/Dc/0/Voltage', '/Dc/0/Current', '/Alarms/LowVoltage', '/CustomName'];
  const nodes = treeNodesOf(leaves);
  assert.deepEqual(childNodes(nodes, leaves, '/'), ['Alarms', 'CustomName', 'Dc', 'Soc']);
  assert.deepEqual(childNodes(nodes, leaves, '/Dc'), ['0']);
  assert.deepEqual(childNodes(nodes, leaves, '/Dc/0'), ['Current', 'Voltage']);
  assert.deepEqual(childNodes(nodes, leaves, '/Soc'), [], 'a leaf has no children');
  assert.deepEqual(childNodes(nodes, leaves, '/Nowhere'), []);
});

test('childNodes: a node is not confused with a sibling whose name it prefixes', () => {
  const leaves = ['/Dc/0/Voltage', '/Dcx/Voltage'];
  assert.deepEqual(childNodes(treeNodesOf(leaves), leaves, '/Dc'), ['0']);
  assert.deepEqual(childNodes(treeNodesOf(leaves), leaves, '/'), ['Dc', 'Dcx']);
});
