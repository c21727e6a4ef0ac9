import { ConfigFile, OPTION_GROUPS, type OptionGroup } from '../config/codec';
import { objectKeysOf } from '../config/objectCodec';

/**
 * What the form holds: text as typed, so that anything the user enters reaches the JSON (and the project's
 * validation) as it is, and `''` means "not set: the default applies".
 */

/** One service of a selection; `paths` empty = all its paths. */
export interface ServiceRow {
  service: string;
  paths: string[];
}

/** A service list that may be written as a plain list or as a map of service to paths. */
export interface Selection {
  rows: ServiceRow[];
  /** Written as a map even when no row picks paths (kept from an imported file). */
  asMap: boolean;
}

export interface VirtualBattery {
  name: string;
  members: Selection;
}

export type SelectionKey = 'primaryServices' | 'auxiliaryServices';
export type ScalarKey = 'serviceName' | 'capacity' | 'currentRatioMethod' | 'cclMode' | 'cvlMode' | 'socMode' | 'timeToGoMode' | 'logLevel' | 'reconnectTimeout' | 'startupBatteryWait';
/** An option of a group such as `ir` (`codec.ts`, OPTION_GROUPS). */
export type OptionKey<G extends OptionGroup> = keyof NonNullable<ConfigFile[G]> & string;

/** A group's options as typed; `enabled` matters for a group whose presence switches a feature on. */
export interface OptionGroupState<G extends OptionGroup> {
  enabled: boolean;
  values: Record<OptionKey<G>, string>;
}

export interface FormState {
  scalars: Record<ScalarKey, string>;
  groups: { [G in OptionGroup]: OptionGroupState<G> };
  excludedServices: string[];
  primaryServices: Selection;
  auxiliaryServices: Selection;
  virtualBatteries: VirtualBattery[];
  /** Keys the form has no field for, or values of a shape it cannot show: kept verbatim, so validation sees them. */
  extras: Array<[key: string, value: unknown]>;
}

export const SCALAR_KEYS: readonly ScalarKey[] = ['serviceName', 'capacity', 'currentRatioMethod', 'cclMode', 'cvlMode', 'socMode', 'timeToGoMode', 'logLevel', 'reconnectTimeout', 'startupBatteryWait'];

/** A group's options in the codec's order. */
export function optionKeys<G extends OptionGroup>(group: G): ReadonlyArray<OptionKey<G>> {
  return Object.keys(objectKeysOf(ConfigFile.props[group])?.props ?? {}) as Array<OptionKey<G>>;
}

function emptyGroup<G extends OptionGroup>(group: G): OptionGroupState<G> {
  return { enabled: false, values: Object.fromEntries(optionKeys(group).map((key) => [key, ''])) as Record<OptionKey<G>, string> };
}
export const SELECTION_KEYS: readonly SelectionKey[] = ['primaryServices', 'auxiliaryServices'];

export function emptySelection(): Selection {
  return { rows: [], asMap: false };
}

export function emptyFormState(): FormState {
  return {
    scalars: { serviceName: '', capacity: '', currentRatioMethod: '', cclMode: '', cvlMode: '', socMode: '', timeToGoMode: '', logLevel: '', reconnectTimeout: '', startupBatteryWait: '' },
    groups: Object.fromEntries(OPTION_GROUPS.map((group) => [group, emptyGroup(group)])) as FormState['groups'],
    excludedServices: [],
    primaryServices: emptySelection(),
    auxiliaryServices: emptySelection(),
    virtualBatteries: [],
    extras: [],
  };
}
