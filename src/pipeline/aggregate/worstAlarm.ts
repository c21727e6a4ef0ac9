import type { OperatorFunction } from 'rxjs';
import type { Bank } from '../../battery/bank';
import type { Value } from '../../battery/value';
import { foldBank } from '../foldBank';
import { extremeRowOfColumn } from './columns';

/**
 * The worst level of an alarm over the bank (0 ok, 1 warning, 2 alarm); 0 when no battery reports it,
 * so a missing alarm never looks like an unknown one.
 *
 * @example
 * // LowVoltage 0, 2, null -> 2
 * bank$.pipe(worstAlarm('/Alarms/LowVoltage'))
 */
export function worstAlarm(path: string): OperatorFunction<Bank, Value> {
  return foldBank([path], (table) => {
    const row = extremeRowOfColumn(table, 0, 'max');
    return row < 0 ? 0 : Math.max(0, table.rows[row]!.values[0] as number);
  });
}
