import type { BatteryParams, BatteryState } from './batteryState';
import { nextAllowCharge, nextAllowDischarge, nextChargeMode } from './bms';
import { summarizeCells } from './cells';
import type { Random } from './random';

/*
 * One 48 V LiFePO4 battery (cells in series behind a BMS), as plain data (batteryState.ts) and pure
 * functions: time is passed in, never read. `step` moves it on by a current; `readings`
 * (batteryReadings.ts) is what it publishes.
 */

// A pack weighs ~45 kg per 100 Ah at ~1 kJ/(kg K) and sheds heat with a time constant of hours.
const HEAT_CAPACITY_J_PER_K_PER_AH = 450;
const THERMAL_TIME_CONSTANT_S = 3 * 3600;

/** A 16-cell (48 V) pack by default; `cells` 8 makes a 24 V one. */
export function defaultParams(capacityAh: number, resistanceOhm: number, cells = 16): BatteryParams {
  return { capacityAh, resistanceOhm, cells, cellSpread: 0.01, ambientC: 25 };
}

/** A battery at rest; the cells' offsets are drawn once (zero mean) from `random`. */
export function createBattery(params: BatteryParams, random: Random, soc: number, temperatureC = params.ambientC): BatteryState {
  const socOffsets = zeroMean(Array.from({ length: params.cells }, () => random.signed() * params.cellSpread));
  const temperatureOffsets = zeroMean(Array.from({ length: params.cells }, () => random.signed() * 0.8));
  return {
    params,
    soc: clamp01(soc),
    temperatureC,
    currentA: 0,
    voltageNoiseV: 0,
    chargeMode: soc >= 0.99 ? 'Float' : 'Bulk',
    allowCharge: true,
    allowDischarge: true,
    cellSocOffsets: socOffsets,
    cellTemperatureOffsets: temperatureOffsets,
    runaway: null,
  };
}

/** The state `dtSeconds` later with `currentA` flowing (positive = charging). */
export function step(state: BatteryState, dtSeconds: number, currentA: number, voltageNoiseV = 0): BatteryState {
  const p = state.params;
  const soc = clamp01(state.soc + (currentA * dtSeconds) / 3600 / p.capacityAh);
  // Newton cooling towards the temperature where I^2 R heating and losses balance; exact for any dt.
  const conductance = (HEAT_CAPACITY_J_PER_K_PER_AH * p.capacityAh) / THERMAL_TIME_CONSTANT_S;
  const equilibrium = p.ambientC + (currentA * currentA * p.resistanceOhm) / conductance;
  const temperatureC = equilibrium + (state.temperatureC - equilibrium) * Math.exp(-dtSeconds / THERMAL_TIME_CONSTANT_S);
  const moved: BatteryState = { ...state, soc, temperatureC, currentA, voltageNoiseV };
  const cells = summarizeCells(moved);
  return {
    ...moved,
    chargeMode: nextChargeMode(state.chargeMode, soc, currentA),
    allowCharge: nextAllowCharge(state.allowCharge, temperatureC, cells.maxVoltage),
    allowDischarge: nextAllowDischarge(state.allowDischarge, temperatureC, cells.minVoltage, soc),
  };
}

/**
 * The battery with one cell held at `voltage` (`null`: back to its curve): the cell whose charge runs highest, the
 * one that would run away first. The pack voltage, the extremes, the alarms and the BMS's flags follow from it.
 */
export function withRunawayCell(state: BatteryState, voltage: number | null): BatteryState {
  if (voltage === null) return { ...state, runaway: null };
  let cell = 0;
  state.cellSocOffsets.forEach((offset, i) => {
    if (offset > state.cellSocOffsets[cell]!) cell = i;
  });
  return { ...state, runaway: { cell, voltage } };
}

export function clamp01(value: number): number {
  return value < 0 ? 0 : value > 1 ? 1 : value;
}

function zeroMean(values: number[]): number[] {
  const mean = values.reduce((sum, v) => sum + v, 0) / (values.length || 1);
  return values.map((v) => v - mean);
}
