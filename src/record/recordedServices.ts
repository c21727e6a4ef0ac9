import { BATTERY_PREFIX } from '../app/aggregator';
import { DVCC_PATH, MAX_CHARGE_CURRENT_SETTING, MAX_CHARGE_VOLTAGE_SETTING, SETTINGS_SERVICE, SYSTEM_SERVICE } from '../battery/dvcc';

/**
 * What a recording keeps by default: every battery service, and of `com.victronenergy.system` and
 * `.settings` (thousands of paths on a GX) only the DVCC paths the aggregator reads (battery/dvcc.ts).
 */
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
