/// <reference lib="dom" />
import { h } from './dom';
import { LIST_SPECS, SCALAR_SPECS } from './fieldSpecs';
import type { FormState, ScalarKey } from './formState';
import { errorsFor, optionGroupField, removeButton, scalarField, type FormActions } from './formFields';
import { excludedField, listFieldset, selectionRows, virtualBatteriesField } from './serviceListFields';

/** The whole form, section by section, drawn from the state (`formFields.ts` says how fields behave). */

function extrasField(state: FormState, actions: FormActions): HTMLElement | null {
  if (state.extras.length === 0) return null;
  const entries = state.extras.map(([key, value], i) => {
    const remove = removeButton(`Remove key ${key}`, () => {
      state.extras.splice(i, 1);
      actions.restructured('form');
    });
    remove.id = `f-extra-${i}`;
    return h('div', { class: 'row' }, h('div', { class: 'row-head' }, h('code', { class: 'extra' }, `${JSON.stringify(key)}: ${JSON.stringify(value)}`), remove), errorsFor(`f-extra-${i}`));
  });
  return h(
    'section',
    { class: 'group extras' },
    h('h2', {}, 'Kept from the imported file'),
    h('p', { class: 'help' }, 'Keys the form has no field for, or values it cannot show, written as they were (replacing the field of the same key). Remove them to use the form.'),
    ...entries,
  );
}

export function renderForm(state: FormState, actions: FormActions): HTMLElement[] {
  const scalar = (key: ScalarKey) => scalarField(`f-${key}`, SCALAR_SPECS[key], () => state.scalars[key], (v) => (state.scalars[key] = v), actions);
  const section = (title: string, ...content: Array<HTMLElement | null>) => h('section', { class: 'group' }, h('h2', {}, title), ...content);
  const extras = extrasField(state, actions);
  return [
    ...(extras ? [extras] : []),
    section(
      'Batteries',
      h('p', { class: 'help' }, 'Name a battery by its service name (dbus-spy on the GX lists them), or by its custom name as name:My Battery.'),
      excludedField(state, actions),
      listFieldset('f-primaryServices', LIST_SPECS.primaryServices, ...selectionRows('f-primaryServices', 'Service', state.primaryServices, actions)),
      listFieldset('f-auxiliaryServices', LIST_SPECS.auxiliaryServices, ...selectionRows('f-auxiliaryServices', 'Service', state.auxiliaryServices, actions)),
      virtualBatteriesField(state, actions),
      optionGroupField('mixedVoltage', state, actions),
      optionGroupField('doubleCountedShunt', state, actions),
    ),
    section('Published battery', scalar('serviceName'), scalar('capacity')),
    section('State of charge', scalar('socMode'), scalar('timeToGoMode'), optionGroupField('ownSoc', state, actions)),
    section(
      'Charge limits',
      scalar('currentRatioMethod'),
      optionGroupField('ir', state, actions),
      scalar('cclMode'),
      scalar('cvlMode'),
      optionGroupField('cellVoltageGuard', state, actions),
      optionGroupField('limitSmoothing', state, actions),
    ),
    section('Timing', scalar('reconnectTimeout'), scalar('startupBatteryWait')),
    section('Logging', scalar('logLevel')),
    section('Status page', optionGroupField('statusPage', state, actions)),
  ];
}
