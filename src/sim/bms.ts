import type { BatteryState, ChargeMode } from './batteryState';
import { CELL_VOLTAGE } from './lifepo4';

/*
 * What the simulated BMS decides: its charge mode, whether it lets current in or out (with hysteresis,
 * so a flag does not chatter at a threshold) and the current and voltage limits it asks the charger for.
 */

/** Modes as serialbattery switches them: absorption near full while charging, float once full, bulk again below 90 %. */
export function nextChargeMode(mode: ChargeMode, soc: number, currentA: number): ChargeMode {
  if (soc < 0.9) return 'Bulk';
  if (mode === 'Bulk') return soc >= 0.95 && currentA > 0 ? 'Absorption' : 'Bulk';
  if (mode === 'Absorption') return soc >= 0.99 ? 'Float' : 'Absorption';
  return 'Float';
}

/** Charging stops below 0 °C, above 55 °C or at a cell over its alarm voltage; resumes well inside. */
export function nextAllowCharge(allowed: boolean, temperatureC: number, maxCellVoltage: number): boolean {
  if (allowed) return temperatureC >= 0 && temperatureC <= 55 && maxCellVoltage < CELL_VOLTAGE.highAlarm;
  return temperatureC >= 2 && temperatureC <= 50 && maxCellVoltage < 3.5;
}

/** Discharging stops at -20 °C, 60 °C, an empty pack or a cell under 2.85 V; resumes after some recharge. */
export function nextAllowDischarge(allowed: boolean, temperatureC: number, minCellVoltage: number, soc: number): boolean {
  if (allowed) return temperatureC > -20 && temperatureC < 60 && minCellVoltage > 2.85 && soc > 0;
  return temperatureC > -18 && temperatureC < 55 && soc >= 0.03;
}

/** 0.5 C, tapering from 95 % to nothing at full, reduced in the cold and the heat; at most `chargeLimitCap` when set. */
export function chargeCurrentLimit(state: BatteryState): number {
  if (!state.allowCharge || state.soc >= 1) return 0;
  const t = state.temperatureC;
  const temperatureFactor = t < 0 ? 0 : t < 5 ? 0.2 : t < 10 ? 0.5 : t <= 45 ? 1 : t <= 55 ? 0.5 : 0;
  const socFactor = state.soc > 0.95 ? Math.max(0.04, (1 - state.soc) / 0.05) : 1;
  const curve = 0.5 * state.params.capacityAh * temperatureFactor * socFactor;
  return state.chargeLimitCap === undefined || state.chargeLimitCap === null ? curve : Math.min(curve, state.chargeLimitCap);
}

/** 0.5 C, tapering below 10 %, reduced in the cold and the heat. */
export function dischargeCurrentLimit(state: BatteryState): number {
  if (!state.allowDischarge || state.soc <= 0) return 0;
  const t = state.temperatureC;
  const temperatureFactor = t < -20 ? 0 : t < -10 ? 0.3 : t < 0 ? 0.6 : t <= 50 ? 1 : t <= 60 ? 0.5 : 0;
  const socFactor = state.soc < 0.1 ? Math.max(0.1, state.soc / 0.1) : 1;
  return 0.5 * state.params.capacityAh * temperatureFactor * socFactor;
}

/** CVL: absorption voltage in bulk and absorption, float voltage once full. */
export function chargeVoltageLimit(state: BatteryState): number {
  return (state.chargeMode === 'Float' ? CELL_VOLTAGE.float : CELL_VOLTAGE.absorption) * state.params.cells;
}
