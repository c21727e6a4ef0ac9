import type { BatteryState } from './batteryState';
import type { CellSummary } from './cells';
import { CELL_VOLTAGE } from './lifepo4';

/** Victron alarm levels: 0 ok, 1 warning, 2 alarm. */
export type AlarmLevel = 0 | 1 | 2;

function above(value: number, warning: number, alarm: number): AlarmLevel {
  return value > alarm ? 2 : value > warning ? 1 : 0;
}

function below(value: number, warning: number, alarm: number): AlarmLevel {
  return value < alarm ? 2 : value < warning ? 1 : 0;
}

/** Every alarm path with its level, in the thresholds a typical LiFePO4 BMS uses. */
export function visitAlarms(state: BatteryState, cells: CellSummary, visit: (path: string, level: AlarmLevel) => void): void {
  const { cells: n, capacityAh } = state.params;
  const current = state.currentA;
  visit('/Alarms/LowVoltage', below(cells.packVoltage, CELL_VOLTAGE.lowWarning * n, CELL_VOLTAGE.lowAlarm * n));
  visit('/Alarms/HighVoltage', above(cells.packVoltage, CELL_VOLTAGE.highWarning * n, CELL_VOLTAGE.highAlarm * n));
  visit('/Alarms/LowCellVoltage', below(cells.minVoltage, CELL_VOLTAGE.lowWarning, CELL_VOLTAGE.lowAlarm));
  visit('/Alarms/HighCellVoltage', above(cells.maxVoltage, CELL_VOLTAGE.highWarning, CELL_VOLTAGE.highAlarm));
  visit('/Alarms/LowSoc', below(state.soc, 0.1, 0.05));
  visit('/Alarms/HighTemperature', above(cells.maxTemperature, 50, 60));
  visit('/Alarms/LowTemperature', below(cells.minTemperature, -10, -20));
  visit('/Alarms/CellImbalance', above(cells.maxVoltage - cells.minVoltage, 0.1, 0.2));
  visit('/Alarms/HighChargeCurrent', above(current, 0.6 * capacityAh, capacityAh));
  visit('/Alarms/HighDischargeCurrent', above(-current, 0.8 * capacityAh, capacityAh));
  visit('/Alarms/LowChargeTemperature', below(cells.minTemperature, 5, 0));
  visit('/Alarms/HighChargeTemperature', above(cells.maxTemperature, 45, 55));
}
