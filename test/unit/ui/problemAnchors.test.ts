import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigFile, OPTION_GROUPS } from '../../../src/config/codec';
import { objectKeysOf } from '../../../src/config/objectCodec';
import { validateConfig } from '../../../src/config/validateConfig';
import { emptyFormState } from '../../../src/ui/formState';
import { formStateFromJson } from '../../../src/ui/configJson';
import { anchorsOf, placeProblems, TOP_ANCHOR } from '../../../src/ui/problemAnchors';

/** The field each problem of `json` goes to, keyed by the problem's path. */
function placed(json: Record<string, unknown>): Record<string, string> {
  const result = validateConfig(json);
  assert.ok(!result.ok);
  return Object.fromEntries(placeProblems(formStateFromJson(json), result.problems).map(({ anchorId, problem }) => [problem.path, anchorId]));
}

test('the form has a field for every key of the codec, and for every option of its option groups', () => {
  const fields = anchorsOf(emptyFormState()).flatMap((anchor) => anchor.paths.map((path) => path.join('/')));
  const options = OPTION_GROUPS.flatMap((group) => Object.keys(objectKeysOf(ConfigFile.props[group])?.props ?? {}).map((key) => `${group}/${key}`));
  assert.ok(options.length >= 2);
  const keys = [...Object.keys(ConfigFile.props), ...options];
  assert.deepEqual(keys.filter((key) => !fields.includes(key)), []);
});

test('problems go to the field they concern', () => {
  assert.deepEqual(placed({ capacity: 0, ir: { minVoltageChange: -1 }, cvlMode: 'x', excludedServices: ['ok', 'com.victronenergy.battery.y'] }), {
    capacity: 'f-capacity',
    'ir.minVoltageChange': 'f-ir-minVoltageChange',
    cvlMode: 'f-cvlMode',
    'excludedServices[0]': 'f-excludedServices-0',
  });
});

test('a problem goes to the field with the longest path that holds it', () => {
  const json = {
    primaryServices: { 'com.victronenergy.battery.a': ['/Soc'], 'bad.name': [] },
    virtualBatteries: { 'com.victronenergy.battery.v': { 'com.victronenergy.battery.v.x': ['Soc'] }, 'com.victronenergy.battery.w': {} },
  };
  const anchors = placeProblems(formStateFromJson(json), [
    { path: 'primaryServices["bad.name"]', message: '' },
    { path: 'primaryServices["com.victronenergy.battery.a"][0]', message: '' },
    { path: 'virtualBatteries["com.victronenergy.battery.v"]["com.victronenergy.battery.v.x"][0]', message: '' },
    { path: 'virtualBatteries["com.victronenergy.battery.v"]', message: '' },
    { path: 'virtualBatteries["com.victronenergy.battery.w"]', message: '' },
    { path: 'virtualBatteries.other', message: '' },
    { path: '', message: '' },
  ]).map(({ anchorId }) => anchorId);
  assert.deepEqual(anchors, [
    'f-primaryServices-1',
    'f-primaryServices-0',
    'f-virtualBatteries-0-0',
    'f-virtualBatteries-0',
    'f-virtualBatteries-1',
    'f-virtualBatteries',
    TOP_ANCHOR,
  ]);
});

test('an index is a whole step: [1] does not hold [10]', () => {
  const services = Array.from({ length: 11 }, (_, i) => `com.victronenergy.battery.s${i}`);
  const [placed1] = placeProblems(formStateFromJson({ excludedServices: services }), [{ path: 'excludedServices[10]', message: '' }]);
  assert.equal(placed1!.anchorId, 'f-excludedServices-10');
});

test('a kept extra gets its own problems, also for a key the form knows', () => {
  assert.deepEqual(placed({ excludedServices: 'com.victronenergy.battery.a', logLevl: 'DEBUG' }), { excludedServices: 'f-extra-0', logLevl: 'f-extra-1' });
});
