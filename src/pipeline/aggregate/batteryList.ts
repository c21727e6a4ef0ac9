import type { OperatorFunction } from 'rxjs';
import type { Bank } from '../../battery/bank';
import type { Value } from '../../battery/value';
import { foldBank } from '../foldBank';

/**
 * The bank's members as a JSON list of service names, sorted: `/System/Batteries`. Other per-battery JSON
 * lists (resistances, EMFs) are aligned with it.
 *
 * @example
 * // ttyS6 and ttyS5 present -> '["com.victronenergy.battery.ttyS5","com.victronenergy.battery.ttyS6"]'
 * bank$.pipe(batteryList())
 */
export function batteryList(): OperatorFunction<Bank, Value> {
  return foldBank([], (table) => JSON.stringify(table.rows.map((row) => row.id)));
}

/** The number of batteries in the bank: `/System/NrOfBatteries`. */
export function batteryCount(): OperatorFunction<Bank, Value> {
  return foldBank([], (table) => table.size);
}
