import type { BatteryState } from './batteryState';
import { cellOcv } from './lifepo4';

/** The extremes a BMS reports of its cells, and the pack voltage as their sum. */
export interface CellSummary {
  /** Sum of the cell voltages plus measurement noise: cells x OCV + I R (a runaway cell at its voltage). */
  readonly packVoltage: number;
  readonly minVoltage: number;
  readonly maxVoltage: number;
  /** Cell indexes from 0; `cellId` names them. */
  readonly minVoltageCell: number;
  readonly maxVoltageCell: number;
  readonly minTemperature: number;
  readonly maxTemperature: number;
  readonly minTemperatureCell: number;
  readonly maxTemperatureCell: number;
}

const CELL_IDS = Array.from({ length: 64 }, (_, i) => `C${i + 1}`);

/** `C1`, `C2`, ... as serialbattery names cells (cached: published every tick). */
export function cellId(index: number): string {
  return CELL_IDS[index] ?? `C${index + 1}`;
}

/**
 * Each cell rests at the OCV of its own state of charge (the pack's plus its offset), so the cells agree
 * on the flat part of the curve and fan out near full and empty; the current adds its share of I R.
 */
export function summarizeCells(state: BatteryState): CellSummary {
  const { params, soc, currentA, temperatureC, cellSocOffsets, cellTemperatureOffsets } = state;
  const drop = (currentA * params.resistanceOhm) / params.cells;
  let packVoltage = state.voltageNoiseV;
  let minVoltage = Infinity;
  let maxVoltage = -Infinity;
  let minVoltageCell = 0;
  let maxVoltageCell = 0;
  let minTemperature = Infinity;
  let maxTemperature = -Infinity;
  let minTemperatureCell = 0;
  let maxTemperatureCell = 0;
  for (let i = 0; i < params.cells; i++) {
    const voltage = state.runaway !== null && state.runaway.cell === i ? state.runaway.voltage : cellOcv(soc + (cellSocOffsets[i] ?? 0)) + drop;
    packVoltage += voltage;
    if (voltage < minVoltage) {
      minVoltage = voltage;
      minVoltageCell = i;
    }
    if (voltage > maxVoltage) {
      maxVoltage = voltage;
      maxVoltageCell = i;
    }
    const temperature = temperatureC + (cellTemperatureOffsets[i] ?? 0);
    if (temperature < minTemperature) {
      minTemperature = temperature;
      minTemperatureCell = i;
    }
    if (temperature > maxTemperature) {
      maxTemperature = temperature;
      maxTemperatureCell = i;
    }
  }
  return { packVoltage, minVoltage, maxVoltage, minVoltageCell, maxVoltageCell, minTemperature, maxTemperature, minTemperatureCell, maxTemperatureCell };
}

/** The pack's resting voltage (EMF): the sum of its cells' OCV, with no current flowing. */
export function restingVoltage(state: BatteryState): number {
  let sum = 0;
  for (let i = 0; i < state.params.cells; i++) sum += cellOcv(state.soc + (state.cellSocOffsets[i] ?? 0));
  return sum;
}
