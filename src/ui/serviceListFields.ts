/// <reference lib="dom" />
import { h } from './dom';
import { LIST_SPECS } from './fieldSpecs';
import { emptySelection, type FormState, type Selection, type ServiceRow } from './formState';
import { errorsFor, helpFor, removeButton, type FormActions } from './formFields';
import { KNOWN_PATHS } from './knownPaths';

/** The form's lists of services: excluded services, primary and auxiliary selections, virtual batteries and their members. */

const SERVICE_PLACEHOLDER = 'com.victronenergy.battery.ttyS1 or name:My Battery';

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
export function selectionRows(idBase: string, what: string, selection: Selection, actions: FormActions): HTMLElement[] {
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

export function listFieldset(id: string, spec: { label: string; help: string }, ...content: HTMLElement[]): HTMLElement {
  return h('fieldset', { class: 'field list', id, tabindex: '-1', 'aria-describedby': `${id}-help ${id}-errors` }, h('legend', {}, spec.label), helpFor(id, spec.help), errorsFor(id), ...content);
}

export function excludedField(state: FormState, actions: FormActions): HTMLElement {
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

export function virtualBatteriesField(state: FormState, actions: FormActions): HTMLElement {
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
