import { BATTERY_PREFIX } from '../app/aggregator';

/**
 * What a recording keeps by default: every battery service, and of `com.victronenergy.system` and
 * `.settings` (thousands of paths on a GX) only the DVCC paths the aggregator reads.
 */
export const SYSTEM = 'com.victronenergy.system';
export const SETTINGS = 'com.victronenergy.settings';
export const DVCC_PATH = '/Control/Dvcc';
export const MAX_CHARGE_CURRENT_PATH = '/Settings/SystemSetup/MaxChargeCurrent';
export const MAX_CHARGE_VOLTAGE_PATH = '/Settings/SystemSetup/MaxChargeVoltage';

export const DEFAULT_PREFIXES: readonly string[] = [BATTERY_PREFIX, SYSTEM, SETTINGS];

const ONLY_PATHS: Readonly<Record<string, ReadonlySet<string>>> = {
  [SYSTEM]: new Set([DVCC_PATH]),
  [SETTINGS]: new Set([MAX_CHARGE_CURRENT_PATH, MAX_CHARGE_VOLTAGE_PATH]),
};

/** Whether a path of a service is recorded. */
export function isRecordedPath(service: string, path: string): boolean {
  return ONLY_PATHS[service]?.has(path) ?? true;
}

/** Whether a service is recorded: its name starts with one of the prefixes (or is one). */
export function isRecordedService(name: string, prefixes: readonly string[]): boolean {
  return prefixes.some((prefix) => name.startsWith(prefix));
}
