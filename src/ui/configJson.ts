import { ConfigFile, OPTION_GROUPS, type OptionGroup } from '../config/codec';
import { OPTION_GROUP_SPECS, SCALAR_SPECS, type ScalarSpec } from './fieldSpecs';
import {
  emptyFormState,
  optionKeys,
  SCALAR_KEYS,
  SELECTION_KEYS,
  type FormState,
  type OptionKey,
  type Selection,
  type VirtualBattery,
} from './formState';

/**
 * Form state <-> config JSON. Only what the user set is written; values are passed on as typed (a number
 * field holding "abc" writes "abc") so the project's validation, not this page, judges them.
 */

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

function scalarValue(kind: ScalarSpec['kind'], text: string): unknown {
  // a yes/no option (ownSoc.floatResets) is a choice of "true" and "false", written as a boolean
  if (kind === 'choice' && (text === 'true' || text === 'false')) return text === 'true';
  if (kind !== 'number') return text;
  const trimmed = text.trim();
  return NUMBER.test(trimmed) ? Number(trimmed) : trimmed;
}

/** A list while no row picks paths (and the imported file did not use a map), else a map of service to paths. */
export function writtenAsMap(selection: Selection): boolean {
  return selection.asMap || selection.rows.some((row) => row.paths.length > 0);
}

function selectionJson(selection: Selection): unknown {
  const { rows } = selection;
  return writtenAsMap(selection) ? Object.fromEntries(rows.map((row) => [row.service, row.paths])) : rows.map((row) => row.service);
}

/** The config the form describes, keys in the codec's order, then any kept extras. */
export function configJson(state: FormState): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of SCALAR_KEYS) if (state.scalars[key] !== '') out[key] = scalarValue(SCALAR_SPECS[key].kind, state.scalars[key]);
  for (const group of OPTION_GROUPS) {
    const options = optionGroupJson(group, state);
    if (options !== undefined) out[group] = options;
  }
  if (state.excludedServices.length > 0) out.excludedServices = [...state.excludedServices];
  for (const key of SELECTION_KEYS) if (state[key].rows.length > 0) out[key] = selectionJson(state[key]);
  if (state.virtualBatteries.length > 0) out.virtualBatteries = Object.fromEntries(state.virtualBatteries.map((vb) => [vb.name, selectionJson(vb.members)]));
  const ordered: Record<string, unknown> = {};
  for (const key of Object.keys(ConfigFile.props)) if (key in out) ordered[key] = out[key];
  for (const [key, value] of state.extras) ordered[key] = value;
  return ordered;
}

/** A group's options as JSON; `undefined` when the group is left out (a feature switched off, or nothing set). */
function optionGroupJson<G extends OptionGroup>(group: G, state: FormState): Record<string, unknown> | undefined {
  const spec = OPTION_GROUP_SPECS[group];
  const { enabled, values } = state.groups[group];
  const set = optionKeys(group).filter((key) => values[key] !== '');
  if (spec.switchable ? !enabled : set.length === 0) return undefined;
  return Object.fromEntries(set.map((key) => [key, scalarValue(spec.options[key].kind, values[key])]));
}

/** Whether an imported value can be shown in a field of this kind (else it is kept as it is). */
function fitsField(kind: ScalarSpec['kind'], value: unknown): boolean {
  if (kind === 'choice' && typeof value === 'boolean') return true;
  return kind === 'number' ? typeof value === 'number' : typeof value === 'string' && value !== '';
}

const isStringArray = (value: unknown): value is string[] => Array.isArray(value) && value.every((item) => typeof item === 'string');
const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A selection as rows, or null when its shape is not one the form can show. */
function selectionFromJson(value: unknown): Selection | null {
  if (isStringArray(value)) return { rows: value.map((service) => ({ service, paths: [] })), asMap: false };
  if (isPlainObject(value) && Object.values(value).every(isStringArray))
    return { rows: Object.entries(value).map(([service, paths]) => ({ service, paths: [...(paths as string[])] })), asMap: true };
  return null;
}

/** Fills a form from parsed JSON; whatever does not fit a field is kept in `extras`, never dropped. */
export function formStateFromJson(json: Record<string, unknown>): FormState {
  const state = emptyFormState();
  const keep = (key: string, value: unknown) => state.extras.push([key, value]);
  for (const [key, value] of Object.entries(json)) {
    if ((SCALAR_KEYS as readonly string[]).includes(key)) {
      const scalar = key as (typeof SCALAR_KEYS)[number];
      if (fitsField(SCALAR_SPECS[scalar].kind, value)) state.scalars[scalar] = String(value);
      else keep(key, value);
    } else if ((OPTION_GROUPS as readonly string[]).includes(key)) {
      if (!optionGroupFromJson(key as OptionGroup, value, state)) keep(key, value);
    } else if (key === 'excludedServices') {
      if (isStringArray(value)) state.excludedServices = [...value];
      else keep(key, value);
    } else if (key === 'primaryServices' || key === 'auxiliaryServices') {
      const selection = selectionFromJson(value);
      if (selection) state[key] = selection;
      else keep(key, value);
    } else if (key === 'virtualBatteries') {
      const batteries = isPlainObject(value) ? Object.entries(value).map(([name, members]) => ({ name, members: selectionFromJson(members) })) : null;
      if (batteries && batteries.every((vb): vb is VirtualBattery => vb.members !== null)) state.virtualBatteries = batteries;
      else keep(key, value);
    } else keep(key, value);
  }
  return state;
}

/** Fills a group's fields when every option of `value` fits one; false (nothing filled) otherwise. */
function optionGroupFromJson<G extends OptionGroup>(group: G, value: unknown, state: FormState): boolean {
  const spec = OPTION_GROUP_SPECS[group];
  const fits = isPlainObject(value) && Object.entries(value).every(([key, v]) => Object.hasOwn(spec.options, key) && fitsField(spec.options[key as OptionKey<G>].kind, v));
  if (!fits) return false;
  const groupState = state.groups[group];
  groupState.enabled = true;
  for (const [key, v] of Object.entries(value)) groupState.values[key as OptionKey<G>] = String(v);
  return true;
}
