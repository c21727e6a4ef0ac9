import { BATTERY_PREFIX } from '../app/aggregator';

/**
 * What a recording keeps by default: every battery service, and of `com.victronenergy.system` and
 * `.settings` (thousands of paths on a GX) only the DVCC paths the aggregator reads (app/dvccInputs.ts).
 */
export const SYSTEM_SERVICE = 'com.victronenergy.system';
export const SETTINGS_SERVICE = 'com.victronenergy.settings';
export const DVCC_PATH = '/Control/Dvcc';
export const MAX_CHARGE_CURRENT_SETTING = '/Settings/SystemSetup/MaxChargeCurrent';
export const MAX_CHARGE_VOLTAGE_SETTING = '/Settings/SystemSetup/MaxChargeVoltage';

export const DEFAULT_PREFIXES: readonly string[] = [BATTERY_PREFIX, SYSTEM_SERVICE, SETTINGS_SERVICE];

const ONLY_PATHS: Readonly<Record<string, ReadonlySet<string>>> = {
  [SYSTEM_SERVICE]: new Set([DVCC_PATH]),
  [SETTINGS_SERVICE]: new Set([MAX_CHARGE_CURRENT_SETTING, MAX_CHARGE_VOLTAGE_SETTING]),
};

/** Whether a path of a service is recorded. */
export function isRecordedPath(service: string, path: string): boolean {
  return ONLY_PATHS[service]?.has(path) ?? true;
}

/** Whether a service is recorded: its name starts with one of the prefixes (or is one). */
export function isRecordedService(name: string, prefixes: readonly string[]): boolean {
  return prefixes.some((prefix) => name.startsWith(prefix));
}
