/** Where DVCC's state lives on a GX's bus (victron-dbus.md 6.4). */
export const SYSTEM_SERVICE = 'com.victronenergy.system';
export const SETTINGS_SERVICE = 'com.victronenergy.settings';
export const DVCC_PATH = '/Control/Dvcc';
export const MAX_CHARGE_CURRENT_SETTING = '/Settings/SystemSetup/MaxChargeCurrent';
export const MAX_CHARGE_VOLTAGE_SETTING = '/Settings/SystemSetup/MaxChargeVoltage';

import type { Value } from './value';

/**
 * What the GX's DVCC tells us (victron-dbus.md 6.4): whether it is on (`com.victronenergy.system
 * /Control/Dvcc`), and the owner's charge current and voltage limits (`com.victronenergy.settings
 * /Settings/SystemSetup/MaxChargeCurrent`, `/MaxChargeVoltage`); `null` where unknown or unset.
 */
export interface DvccState {
  readonly enabled: boolean;
  readonly maxChargeCurrent: number | null;
  readonly maxChargeVoltage: number | null;
}

/** No system or settings service: DVCC counts as off. */
export const DVCC_OFF: DvccState = { enabled: false, maxChargeCurrent: null, maxChargeVoltage: null };

/** DVCC's state from the three bus values; limits that are not numbers count as unset. */
export function dvccState(control: Value, maxChargeCurrent: Value, maxChargeVoltage: Value): DvccState {
  return {
    enabled: typeof control === 'number' && control !== 0,
    maxChargeCurrent: typeof maxChargeCurrent === 'number' ? maxChargeCurrent : null,
    maxChargeVoltage: typeof maxChargeVoltage === 'number' ? maxChargeVoltage : null,
  };
}

/**
 * The owner's charge current limit in force: DVCC on and a limit set, else `null`. A negative limit means
 * "none" (Venus's -1); 0 A is a real limit: stop charging.
 */
export function userChargeCurrent(dvcc: DvccState): number | null {
  const limit = dvcc.maxChargeCurrent;
  return dvcc.enabled && limit !== null && Number.isFinite(limit) && limit >= 0 ? limit : null;
}

/** The owner's charge voltage limit in force: DVCC on and a positive limit set, else `null`. */
export function userChargeVoltage(dvcc: DvccState): number | null {
  const limit = dvcc.maxChargeVoltage;
  return dvcc.enabled && limit !== null && Number.isFinite(limit) && limit > 0 ? limit : null;
}

export function sameDvccState(a: DvccState, b: DvccState): boolean {
  return a.enabled === b.enabled && a.maxChargeCurrent === b.maxChargeCurrent && a.maxChargeVoltage === b.maxChargeVoltage;
}
