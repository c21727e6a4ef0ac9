import type { ConfigFile } from '../config/codec';

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
export type ScalarKey = 'serviceName' | 'capacity' | 'currentRatioMethod' | 'cclMode' | 'cvlMode' | 'logLevel' | 'reconnectTimeout' | 'startupBatteryWait';
export type IrKey = keyof NonNullable<ConfigFile['ir']>;

export interface FormState {
  scalars: Record<ScalarKey, string>;
  ir: Record<IrKey, string>;
  excludedServices: string[];
  primaryServices: Selection;
  auxiliaryServices: Selection;
  virtualBatteries: VirtualBattery[];
  /** Keys the form has no field for, or values of a shape it cannot show: kept verbatim, so validation sees them. */
  extras: Array<[key: string, value: unknown]>;
}

export const SCALAR_KEYS: readonly ScalarKey[] = ['serviceName', 'capacity', 'currentRatioMethod', 'cclMode', 'cvlMode', 'logLevel', 'reconnectTimeout', 'startupBatteryWait'];
export const IR_KEYS: readonly IrKey[] = ['maxPercentageError', 'minVoltageChange'];
export const SELECTION_KEYS: readonly SelectionKey[] = ['primaryServices', 'auxiliaryServices'];

export function emptySelection(): Selection {
  return { rows: [], asMap: false };
}

export function emptyFormState(): FormState {
  return {
    scalars: { serviceName: '', capacity: '', currentRatioMethod: '', cclMode: '', cvlMode: '', logLevel: '', reconnectTimeout: '', startupBatteryWait: '' },
    ir: { maxPercentageError: '', minVoltageChange: '' },
    excludedServices: [],
    primaryServices: emptySelection(),
    auxiliaryServices: emptySelection(),
    virtualBatteries: [],
    extras: [],
  };
}
