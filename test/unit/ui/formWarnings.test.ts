import assert from 'node:assert/strict';
import { test } from 'node:test';
import { configJson } from '../../../src/ui/configJson';
import { emptyFormState } from '../../../src/ui/formState';
import { formWarnings } from '../../../src/ui/formWarnings';

const A = 'com.victronenergy.battery.a';
const B = 'com.victronenergy.battery.b';

test('a service given twice in a map is warned at the entry the JSON loses', () => {
  const state = emptyFormState();
  state.primaryServices.rows = [
    { service: A, paths: ['/Soc'] },
    { service: B, paths: [] },
    { service: A, paths: ['/Dc/0/Current'] },
  ];
  assert.deepEqual(configJson(state).primaryServices, { [A]: ['/Dc/0/Current'], [B]: [] });
  assert.deepEqual(formWarnings(state), [{ anchorId: 'f-primaryServices-0', message: 'the same service as service 3: only that one is written' }]);
});

test('a list keeps every entry: no warning', () => {
  const state = emptyFormState();
  state.auxiliaryServices.rows = [
    { service: A, paths: [] },
    { service: A, paths: [] },
  ];
  assert.deepEqual(configJson(state).auxiliaryServices, [A, A]);
  assert.deepEqual(formWarnings(state), []);
});

test('virtual batteries with one name, and members given twice, are warned', () => {
  const state = emptyFormState();
  state.virtualBatteries = [
    { name: 'com.victronenergy.battery.v', members: { rows: [], asMap: false } },
    { name: 'com.victronenergy.battery.v', members: { rows: [{ service: A, paths: [] }, { service: A, paths: [] }], asMap: true } },
  ];
  assert.deepEqual(
    formWarnings(state).map((w) => w.anchorId),
    ['f-virtualBatteries-0', 'f-virtualBatteries-1-0'],
  );
});
