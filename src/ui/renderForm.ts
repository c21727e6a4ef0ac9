/// <reference lib="dom" />
import { KEY_DESCRIPTIONS } from '../config/keyDescriptions';
import { h } from './dom';
import type { OptionGroup } from '../config/codec';
import { LIST_SPECS, OPTION_GROUP_SPECS, SCALAR_SPECS, type ScalarSpec } from './fieldSpecs';
import { emptySelection, optionKeys, type FormState, type ScalarKey, type Selection, type ServiceRow } from './formState';
import { KNOWN_PATHS } from './knownPaths';

/**
 * The form, drawn from the state. Inputs write into the state and call `changed`; adding or removing an entry
 * calls `restructured`, which draws the form again and moves focus to the given element.
 * Every anchor id of `problemAnchors.ts` is an element here with `<id>-errors` beside it.
 */
export interface FormActions {
  changed(): void;
  restructured(focusId: string): void;
}

const SERVICE_PLACEHOLDER = 'com.victronenergy.battery.ttyS1 or name:My Battery';

const errorsFor = (id: string) => h('ul', { class: 'errors', id: `${id}-errors` });
const helpFor = (id: string, text: string) => h('p', { class: 'help', id: `${id}-help` }, text);

function textField(id: string, spec: ScalarSpec, get: () => string, set: (value: string) => void, actions: FormActions, disabled = false): HTMLElement {
  const input = h('input', {
    id,
    type: 'text',
    disabled,
    value: get(),
    placeholder: spec.defaultText,
    inputmode: spec.kind === 'number' ? 'decimal' : undefined,
    autocomplete: 'off',
    spellcheck: 'false',
    'aria-describedby': `${id}-help ${id}-errors`,
  });
  input.addEventListener('input', () => {
    set(input.value);
    actions.changed();
  });
  return h('div', { class: 'field' }, h('label', { for: id }, spec.label), input, helpFor(id, `${spec.help}${spec.kind === 'number' && spec.defaultText ? ` Empty: ${spec.defaultText}.` : ''}`), errorsFor(id));
}

/** Modes as radio buttons, so every mode's explanation is on screen; an imported unknown value stays selectable. */
function choiceField(id: string, spec: ScalarSpec, get: () => string, set: (value: string) => void, actions: FormActions, disabled = false): HTMLElement {
  const current = get();
  const options = [
    { value: '', label: `Default (${spec.defaultText})`, explanation: '' },
    ...(spec.options ?? []).map((o) => ({ value: o.value, label: o.value, explanation: o.explanation })),
  ];
  if (!options.some((o) => o.value === current)) options.push({ value: current, label: current, explanation: 'from the imported file' });
  const radios = options.map((option, i) => {
    const radio = h('input', { type: 'radio', name: id, id: `${id}-${i}`, value: option.value, checked: option.value === current, disabled });
    radio.addEventListener('change', () => {
      set(option.value);
      actions.changed();
    });
    return h(
      'div',
      { class: 'choice' },
      radio,
      h('label', { for: `${id}-${i}` }, h('code', {}, option.label), option.explanation ? h('span', { class: 'explain' }, ` \u2014 ${option.explanation}`) : null),
    );
  });
  return h('fieldset', { class: 'field', id, tabindex: '-1', 'aria-describedby': `${id}-help ${id}-errors` }, h('legend', {}, spec.label), helpFor(id, spec.help), ...radios, errorsFor(id));
}

/** A field of the spec's kind: modes as radio buttons, numbers and texts as text inputs. */
function scalarField(id: string, spec: ScalarSpec, get: () => string, set: (value: string) => void, actions: FormActions, disabled = false): HTMLElement {
  return (spec.kind === 'choice' ? choiceField : textField)(id, spec, get, set, actions, disabled);
}

/**
 * An option group (`ir`, ...) as one fieldset. A group whose presence switches a feature on has a checkbox; its
 * fields stay on screen, disabled while it is off, so the page keeps one element per field.
 */
function optionGroupField<G extends OptionGroup>(group: G, state: FormState, actions: FormActions): HTMLElement {
  const spec = OPTION_GROUP_SPECS[group];
  const groupState = state.groups[group];
  const id = `f-${group}`;
  let toggle: HTMLElement | null = null;
  if (spec.switchable) {
    const box = h('input', { type: 'checkbox', id: `${id}-enabled`, checked: groupState.enabled });
    box.addEventListener('change', () => {
      groupState.enabled = box.checked;
      actions.restructured(`${id}-enabled`);
    });
    toggle = h('div', { class: 'choice' }, box, h('label', { for: `${id}-enabled` }, `Use ${spec.label.toLowerCase()}`));
  }
  const off = spec.switchable && !groupState.enabled;
  const fields = optionKeys(group).map((key) =>
    scalarField(`${id}-${key}`, spec.options[key], () => groupState.values[key], (v) => (groupState.values[key] = v), actions, off),
  );
  return h('fieldset', { class: 'field', id, tabindex: '-1', 'aria-describedby': `${id}-help ${id}-errors` }, h('legend', {}, spec.label), helpFor(id, KEY_DESCRIPTIONS[group]), toggle, ...fields, errorsFor(id));
}

function removeButton(label: string, onClick: () => void): HTMLButtonElement {
  const button = h('button', { type: 'button', class: 'remove', 'aria-label': label, title: label }, 'Remove');
  button.addEventListener('click', onClick);
  return button;
}

function addButton(id: string, text: string, onClick: () => void): HTMLButtonElement {
  const button = h('button', { type: 'button', class: 'add', id }, text);
  button.addEventListener('click', onClick);
  return button;
}

function serviceInput(id: string, get: () => string, set: (value: string) => void, actions: FormActions): HTMLInputElement {
  const input = h('input', { id, type: 'text', value: get(), placeholder: SERVICE_PLACEHOLDER, autocomplete: 'off', spellcheck: 'false', 'aria-describedby': `${id}-errors` });
  input.addEventListener('input', () => {
    set(input.value);
    actions.changed();
  });
  return input;
}

/** An entry's label with its remove button beside it, so the field below gets the whole width (names are long). */
function rowHead(id: string, label: string, remove: HTMLButtonElement): HTMLElement {
  return h('div', { class: 'row-head' }, h('label', { for: id }, label), remove);
}

/** Which paths of a service to use: known paths as checkboxes, any other path typed in; none = all paths. */
function pathPicker(id: string, row: ServiceRow, actions: FormActions): HTMLElement {
  const summary = h('summary', {});
  const describe = () => (summary.textContent = row.paths.length === 0 ? 'Paths: all' : `Paths: ${row.paths.join(', ')}`);
  describe();
  const other = h('input', {
    id: `${id}-other`,
    type: 'text',
    value: row.paths.filter((p) => !KNOWN_PATHS.includes(p)).join(' '),
    placeholder: '/Info/Location',
    autocomplete: 'off',
    spellcheck: 'false',
  });
  const boxes = KNOWN_PATHS.map((path, k) => {
    const box = h('input', { type: 'checkbox', id: `${id}-p${k}`, value: path, checked: row.paths.includes(path) });
    return { box, item: h('div', { class: 'path' }, box, h('label', { for: `${id}-p${k}` }, path)) };
  });
  // Known paths first in catalogue order, then the typed ones as written: the JSON follows the form.
  const collect = () => {
    row.paths = [...boxes.filter(({ box }) => box.checked).map(({ box }) => box.value), ...other.value.split(/[\s,]+/).filter((p) => p !== '')];
    describe();
    actions.changed();
  };
  for (const { box } of boxes) box.addEventListener('change', collect);
  other.addEventListener('input', collect);
  return h(
    'details',
    { class: 'paths' },
    summary,
    h('p', { class: 'help' }, 'Tick the paths to take from this service; none ticked means all of them.'),
    h('div', { class: 'path-grid' }, ...boxes.map(({ item }) => item)),
    h('label', { for: `${id}-other` }, 'Other paths (separated by spaces)'),
    other,
  );
}

/** The rows of a service selection, with an add button; the caller frames them. */
function selectionRows(idBase: string, what: string, selection: Selection, actions: FormActions): HTMLElement[] {
  const rows = selection.rows.map((row, i) => {
    const id = `${idBase}-${i}`;
    return h(
      'div',
      { class: 'row' },
      rowHead(
        id,
        `${what} ${i + 1}`,
        removeButton(`Remove ${what.toLowerCase()} ${i + 1}`, () => {
          selection.rows.splice(i, 1);
          actions.restructured(`${idBase}-add`);
        }),
      ),
      serviceInput(id, () => row.service, (v) => (row.service = v), actions),
      pathPicker(id, row, actions),
      errorsFor(id),
    );
  });
  const add = addButton(`${idBase}-add`, `Add ${what.toLowerCase()}`, () => {
    selection.rows.push({ service: '', paths: [] });
    actions.restructured(`${idBase}-${selection.rows.length - 1}`);
  });
  return [...rows, add];
}

function listFieldset(id: string, spec: { label: string; help: string }, ...content: HTMLElement[]): HTMLElement {
  return h('fieldset', { class: 'field list', id, tabindex: '-1', 'aria-describedby': `${id}-help ${id}-errors` }, h('legend', {}, spec.label), helpFor(id, spec.help), errorsFor(id), ...content);
}

function excludedField(state: FormState, actions: FormActions): HTMLElement {
  const id = 'f-excludedServices';
  const rows = state.excludedServices.map((_, i) =>
    h(
      'div',
      { class: 'row' },
      rowHead(
        `${id}-${i}`,
        `Service ${i + 1}`,
        removeButton(`Remove excluded service ${i + 1}`, () => {
          state.excludedServices.splice(i, 1);
          actions.restructured(`${id}-add`);
        }),
      ),
      serviceInput(`${id}-${i}`, () => state.excludedServices[i] ?? '', (v) => (state.excludedServices[i] = v), actions),
      errorsFor(`${id}-${i}`),
    ),
  );
  const add = addButton(`${id}-add`, 'Add service', () => {
    state.excludedServices.push('');
    actions.restructured(`${id}-${state.excludedServices.length - 1}`);
  });
  return listFieldset(id, LIST_SPECS.excludedServices, ...rows, add);
}

function virtualBatteriesField(state: FormState, actions: FormActions): HTMLElement {
  const id = 'f-virtualBatteries';
  const batteries = state.virtualBatteries.map((vb, j) => {
    const vbId = `${id}-${j}`;
    const name = h('input', { id: vbId, type: 'text', value: vb.name, placeholder: 'com.victronenergy.battery.virtual1', autocomplete: 'off', spellcheck: 'false', 'aria-describedby': `${vbId}-errors` });
    name.addEventListener('input', () => {
      vb.name = name.value;
      actions.changed();
    });
    return h(
      'fieldset',
      { class: 'virtual' },
      h('legend', {}, `Virtual battery ${j + 1}`),
      rowHead(
        vbId,
        'Service name',
        removeButton(`Remove virtual battery ${j + 1}`, () => {
          state.virtualBatteries.splice(j, 1);
          actions.restructured(`${id}-add`);
        }),
      ),
      name,
      errorsFor(vbId),
      ...selectionRows(vbId, 'Member', vb.members, actions),
    );
  });
  const add = addButton(`${id}-add`, 'Add virtual battery', () => {
    state.virtualBatteries.push({ name: '', members: emptySelection() });
    actions.restructured(`${id}-${state.virtualBatteries.length - 1}`);
  });
  return listFieldset(id, LIST_SPECS.virtualBatteries, ...batteries, add);
}

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
    ),
    section('Published battery', scalar('serviceName'), scalar('capacity')),
    section(
      'Charge limits',
      scalar('currentRatioMethod'),
      optionGroupField('ir', state, actions),
      scalar('cclMode'),
      scalar('cvlMode'),
    ),
    section('Timing', scalar('reconnectTimeout'), scalar('startupBatteryWait')),
    section('Logging', scalar('logLevel')),
  ];
}
