import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AddResult, SettingsStore, convertTo } from '../../../src/devtools/settingsStore';

const INSTANCE = (id: string) => `/Settings/Devices/${id}/ClassAndVrmInstance`;

test('adding an existing setting keeps its value and only updates its definition', () => {
  const store = new SettingsStore();
  assert.deepEqual(store.add({ path: '/Settings/A/B', default: 5, type: 'i', min: 0, max: 10 }), { code: 0, value: 5, changed: true });
  assert.equal(store.set('/Settings/A/B', 7).code, 0);
  const again = store.add({ path: '/Settings/A/B', default: 3, type: 'i', min: 0, max: 20 });
  assert.equal(again.value, 7);
  assert.equal(store.get('/Settings/A/B')!.max, 20);
  assert.equal(store.add({ path: '/Settings/A/B', default: 'x', type: 's' }).code, AddResult.typeDiffers);
});

test("AddSetting's error codes", () => {
  const store = new SettingsStore();
  store.add({ path: '/Settings/A/B', default: 1, type: 'i' });
  assert.equal(store.add({ path: '/Settings/A/_B', default: 1, type: 'i' }).code, AddResult.underscore);
  assert.equal(store.add({ path: '/Settings/A/C', default: 1, type: 'b' }).code, AddResult.unknownType);
  assert.equal(store.add({ path: '/Settings/A C', default: 1, type: 'i' }).code, AddResult.invalidPath);
  assert.equal(store.add({ path: '/Other/A', default: 1, type: 'i' }).code, AddResult.notUnderSettings);
  assert.equal(store.add({ path: '/Settings/A', default: 1, type: 'i' }).code, AddResult.isGroup);
  assert.equal(store.add({ path: '/Settings/A/B/C', default: 1, type: 'i' }).code, AddResult.invalidPath);
  assert.equal(store.add({ path: '/Settings/A/D', default: 'x', type: 'i' }).code, AddResult.invalidDefault);
  assert.equal(store.add({ path: '/Settings/A/E', default: 11, type: 'i', min: 0, max: 10 }).code, AddResult.outOfRange);
});

test('SetValue converts to the setting type and refuses what is out of bounds', () => {
  const store = new SettingsStore();
  store.add({ path: '/Settings/N', default: 1, type: 'i', min: 0, max: 10 });
  store.add({ path: '/Settings/F', default: 1.5, type: 'f' });
  store.add({ path: '/Settings/S', default: '', type: 's' });
  assert.deepEqual(store.set('/Settings/N', 4.7), { code: 0, changed: true });
  assert.equal(store.get('/Settings/N')!.value, 4);
  assert.deepEqual(store.set('/Settings/N', 4), { code: 0, changed: false });
  assert.equal(store.set('/Settings/N', 11).code, -1);
  assert.equal(store.set('/Settings/N', 'many').code, -1);
  assert.equal(store.set('/Settings/F', '2.25').code, 0);
  assert.equal(store.get('/Settings/F')!.value, 2.25);
  assert.equal(store.set('/Settings/S', 12).code, 0);
  assert.equal(store.get('/Settings/S')!.value, '12');
  assert.equal(store.set('/Settings/Missing', 1).code, -1);
  assert.equal(convertTo('f', Infinity), undefined);
});

test('a new ClassAndVrmInstance gets the next free instance of its class; an existing one keeps its own', () => {
  const store = new SettingsStore();
  assert.equal(store.add({ path: INSTANCE('a'), default: 'battery:1024', type: 's' }).value, 'battery:1024');
  assert.equal(store.add({ path: INSTANCE('b'), default: 'battery:1024', type: 's' }).value, 'battery:1025');
  assert.equal(store.add({ path: INSTANCE('c'), default: 'battery:1024', type: 's' }).value, 'battery:1026');
  assert.equal(store.add({ path: INSTANCE('d'), default: 'solarcharger:1024', type: 's' }).value, 'solarcharger:1024');
  assert.equal(store.add({ path: INSTANCE('b'), default: 'battery:1024', type: 's' }).value, 'battery:1025');
});

test('the persisted form round-trips, and a file that is not settings is refused', () => {
  const store = new SettingsStore();
  store.add({ path: INSTANCE('a'), default: 'battery:1024', type: 's' });
  store.add({ path: '/Settings/N', default: 3, type: 'i', min: 0, max: 9, silent: true });
  const json: unknown = JSON.parse(JSON.stringify(store.toJSON()));
  const restored = new SettingsStore(SettingsStore.decode(json));
  assert.deepEqual(restored.toJSON(), store.toJSON());
  assert.equal(restored.add({ path: INSTANCE('b'), default: 'battery:1024', type: 's' }).value, 'battery:1025');
  assert.equal(SettingsStore.decode({ '/Settings/X': { type: 'q', value: 1, default: 1 } }), undefined);
  assert.equal(SettingsStore.decode([1, 2]), undefined);
});
