/// <reference lib="dom" />
import type { OptionGroup } from '../config/codec';
import { KEY_DESCRIPTIONS } from '../config/keyDescriptions';
import { h } from './dom';
import { OPTION_GROUP_SPECS, type ScalarSpec } from './fieldSpecs';
import { optionKeys, type FormState } from './formState';

/**
 * The form's fields, each drawn from its spec. Inputs write into the state and call `changed`; adding or
 * removing an entry calls `restructured`, which draws the form again and moves focus to the given element.
 * Every field is an element whose id is an anchor of `problemAnchors.ts`, with `<id>-errors` beside it.
 */
export interface FormActions {
  changed(): void;
  restructured(focusId: string): void;
}

export const errorsFor = (id: string) => h('ul', { class: 'errors', id: `${id}-errors` });
export const helpFor = (id: string, text: string) => h('p', { class: 'help', id: `${id}-help` }, text);

export function textField(id: string, spec: ScalarSpec, get: () => string, set: (value: string) => void, actions: FormActions, disabled = false): HTMLElement {
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
export function scalarField(id: string, spec: ScalarSpec, get: () => string, set: (value: string) => void, actions: FormActions, disabled = false): HTMLElement {
  return (spec.kind === 'choice' ? choiceField : textField)(id, spec, get, set, actions, disabled);
}

/**
 * An option group (`ir`, ...) as one fieldset. A group whose presence switches a feature on has a checkbox; its
 * fields stay on screen, disabled while it is off, so the page keeps one element per field.
 */
export function optionGroupField<G extends OptionGroup>(group: G, state: FormState, actions: FormActions): HTMLElement {
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

export function removeButton(label: string, onClick: () => void): HTMLButtonElement {
  const button = h('button', { type: 'button', class: 'remove', 'aria-label': label, title: label }, 'Remove');
  button.addEventListener('click', onClick);
  return button;
}
