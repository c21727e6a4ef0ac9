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
