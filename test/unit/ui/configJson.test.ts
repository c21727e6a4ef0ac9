import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { ConfigFile, OPTION_GROUPS } from '../../../src/config/codec';
import { OPTION_GROUP_SPECS } from '../../../src/ui/fieldSpecs';
import { validateConfig } from '../../../src/config/validateConfig';
import { configJson, formStateFromJson } from '../../../src/ui/configJson';
import { emptyFormState } from '../../../src/ui/formState';
import { PRESETS } from '../../../src/ui/presets';

test('an empty form writes an empty config: every default applies', () => {
  assert.deepEqual(configJson(emptyFormState()), {});
});

test('every preset is valid and survives the form unchanged', () => {
  for (const preset of PRESETS) {
    assert.ok(validateConfig(preset.config).ok, preset.title);
    assert.deepEqual(configJson(formStateFromJson({ ...preset.config })), preset.config, preset.title);
  }
});

test('numbers typed are written as numbers; anything else as typed, for the validator to judge', () => {
  const state = emptyFormState();
  state.scalars.capacity = ' 200 ';
  state.scalars.reconnectTimeout = '1e2';
  state.groups.ir.values.minVoltageChange = '.05';
  state.scalars.startupBatteryWait = 'soon';
  assert.deepEqual(configJson(state), { capacity: 200, reconnectTimeout: 100, startupBatteryWait: 'soon', ir: { minVoltageChange: 0.05 } });
});

test('an option group is written when an option is set; one that switches a feature on, when it is ticked', () => {
  for (const group of OPTION_GROUPS) {
    const state = emptyFormState();
    if (!OPTION_GROUP_SPECS[group].switchable) {
      assert.equal(configJson(state)[group], undefined, group);
      continue;
    }
    state.groups[group].enabled = true;
    assert.deepEqual(configJson(state)[group], {}, `${group}: ticked, every option at its default`);
    assert.equal(formStateFromJson({ [group]: {} }).groups[group].enabled, true, `${group}: {} ticks it`);
    state.groups[group].enabled = false;
    assert.equal(configJson(state)[group], undefined, `${group}: unticked, left out`);
  }
});

test('a selection is a list until a row picks paths, then a map ([] = all paths)', () => {
  const state = emptyFormState();
  state.auxiliaryServices.rows = [{ service: 'com.victronenergy.battery.a', paths: [] }, { service: 'com.victronenergy.battery.b', paths: [] }];
  assert.deepEqual(configJson(state).auxiliaryServices, ['com.victronenergy.battery.a', 'com.victronenergy.battery.b']);
  state.auxiliaryServices.rows[1]!.paths = ['/Soc'];
  assert.deepEqual(configJson(state).auxiliaryServices, { 'com.victronenergy.battery.a': [], 'com.victronenergy.battery.b': ['/Soc'] });
});

test('what the form cannot show is kept verbatim, so validation still sees it', () => {
  const json = { capacity: '200', excludedServices: 'com.victronenergy.battery.ttyS1', ir: { maxPercentageError: 0.1, extra: 1 }, serviceName: '', logLevl: 'DEBUG' };
  const state = formStateFromJson(json);
  assert.deepEqual(state.extras.map(([key]) => key), Object.keys(json));
  assert.deepEqual(configJson(state), json);
});

test('keys come out in the codec\u2019s order', () => {
  const state = formStateFromJson({ logLevel: 'DEBUG', capacity: 100, excludedServices: ['com.victronenergy.battery.x'] });
  const order = Object.keys(ConfigFile.props);
  const keys = Object.keys(configJson(state));
  assert.deepEqual(keys, [...keys].sort((a, b) => order.indexOf(a) - order.indexOf(b)));
});

/** An empty list or map of the form's own means "none": the form leaves it out, as it does any default. */
function withoutEmptyLists(json: Record<string, unknown>): Record<string, unknown> {
  const none: Record<string, string[]> = { excludedServices: ['[]'], primaryServices: ['[]', '{}'], auxiliaryServices: ['[]', '{}'], virtualBatteries: ['{}'], ir: ['{}'] };
  return Object.fromEntries(Object.entries(json).filter(([key, value]) => !none[key]?.includes(JSON.stringify(value))));
}

test('any JSON object survives import and export (up to key order and empty lists)', () => {
  const services = fc.constantFrom('com.victronenergy.battery.a', 'com.victronenergy.battery.b.c', 'name:My Battery', 'ttyS1', '');
  const paths = fc.array(fc.constantFrom('/Soc', '/Info/Location', 'Soc', ''), { maxLength: 3 });
  const selection = fc.oneof(fc.array(services, { maxLength: 3 }), fc.dictionary(services, paths, { maxKeys: 3 }), fc.jsonValue());
  const config = fc.record(
    {
      serviceName: fc.oneof(services, fc.jsonValue()),
      excludedServices: fc.oneof(fc.array(services, { maxLength: 3 }), fc.jsonValue()),
      primaryServices: selection,
      auxiliaryServices: selection,
      virtualBatteries: fc.oneof(fc.dictionary(services, selection, { maxKeys: 2 }), fc.jsonValue()),
      capacity: fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.jsonValue()),
      cvlMode: fc.oneof(fc.constantFrom('dvcc', 'max_always', 'maximum', ''), fc.jsonValue()),
      ir: fc.oneof(fc.record({ maxPercentageError: fc.double({ noNaN: true, noDefaultInfinity: true }) }, { requiredKeys: [] }), fc.jsonValue()),
      unknown: fc.jsonValue(),
    },
    { requiredKeys: [] },
  );
  fc.assert(
    fc.property(config, (json) => {
      // -0 has no JSON text of its own: it is written as 0.
      const normal = JSON.parse(JSON.stringify(json)) as Record<string, unknown>;
      assert.deepEqual(JSON.parse(JSON.stringify(configJson(formStateFromJson(normal)))), withoutEmptyLists(normal));
    }),
  );
});
