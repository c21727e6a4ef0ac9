import type { Value } from '../battery/value';
import { visitAlarms } from './alarms';
import type { BatteryState } from './batteryState';
import { chargeCurrentLimit, chargeVoltageLimit, dischargeCurrentLimit } from './bms';
import { cellId, summarizeCells } from './cells';
import { CELL_VOLTAGE } from './lifepo4';

/** Receives every published path and its value; the bus edge passes `service.update`, tests collect them. */
export type ReadingVisitor = (path: string, value: Value) => void;

/** Longest TimeToGo a BMV shows: 10 days. */
const MAX_TIME_TO_GO_S = 864_000;

/** Rounded to what a BMS reports, so an unchanged reading is the same number and sends no signal. */
function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor + 0; // + 0 turns -0 into 0
}

/** Seconds until empty at the present discharge, in whole minutes like a BMV; invalid unless discharging. */
function timeToGo(remainingAh: number, current: number): Value {
  if (current >= 0) return null;
  return Math.min(MAX_TIME_TO_GO_S, Math.round((remainingAh / -current) * 60) * 60);
}

/** Every path a battery publishes with its present value, in a fixed order, allocating no containers. */
export function visitReadings(state: BatteryState, visit: ReadingVisitor): void {
  const p = state.params;
  const cells = summarizeCells(state);
  const voltage = round(cells.packVoltage, 2);
  const current = round(state.currentA, 1);
  const remainingAh = state.soc * p.capacityAh;
  visit('/Dc/0/Voltage', voltage);
  visit('/Dc/0/Current', current);
  visit('/Dc/0/Power', round(voltage * current, 0));
  visit('/Dc/0/Temperature', round(state.temperatureC, 1));
  visit('/Soc', round(state.soc * 100, 1));
  visit('/Capacity', round(remainingAh, 1));
  visit('/InstalledCapacity', round(p.capacityAh, 1));
  visit('/ConsumedAmphours', round(remainingAh - p.capacityAh, 1));
  visit('/TimeToGo', timeToGo(remainingAh, current));

  visit('/System/MinCellVoltage', round(cells.minVoltage, 3));
  visit('/System/MaxCellVoltage', round(cells.maxVoltage, 3));
  visit('/System/MinVoltageCellId', cellId(cells.minVoltageCell));
  visit('/System/MaxVoltageCellId', cellId(cells.maxVoltageCell));
  visit('/System/MinCellTemperature', round(cells.minTemperature, 1));
  visit('/System/MaxCellTemperature', round(cells.maxTemperature, 1));
  visit('/System/MinTemperatureCellId', cellId(cells.minTemperatureCell));
  visit('/System/MaxTemperatureCellId', cellId(cells.maxTemperatureCell));
  visit('/System/NrOfCellsPerBattery', p.cells);
  visit('/System/NrOfModulesOnline', 1);
  visit('/System/NrOfModulesOffline', 0);
  visit('/System/NrOfModulesBlockingCharge', state.allowCharge ? 0 : 1);
  visit('/System/NrOfModulesBlockingDischarge', state.allowDischarge ? 0 : 1);

  visit('/Info/MaxChargeVoltage', round(chargeVoltageLimit(state), 2));
  visit('/Info/MaxChargeCurrent', round(chargeCurrentLimit(state), 1));
  visit('/Info/MaxDischargeCurrent', round(dischargeCurrentLimit(state), 1));
  visit('/Info/BatteryLowVoltage', round(CELL_VOLTAGE.low * p.cells, 2));
  visit('/Info/ChargeMode', state.chargeMode);

  // The balancer works near full, where the cells' curves fan out.
  const allowBalance = state.soc >= 0.9;
  visit('/Io/AllowToCharge', state.allowCharge ? 1 : 0);
  visit('/Io/AllowToDischarge', state.allowDischarge ? 1 : 0);
  visit('/Io/AllowToBalance', allowBalance ? 1 : 0);
  visit('/Balancing', allowBalance && cells.maxVoltage - cells.minVoltage > 0.015 ? 1 : 0);

  visitAlarms(state, cells, visit);
}

/** The readings as one record (tests, the first definition of a service). */
export function readings(state: BatteryState): Record<string, Value> {
  const out: Record<string, Value> = {};
  visitReadings(state, (path, value) => {
    out[path] = value;
  });
  return out;
}
