import type { OperatorFunction } from 'rxjs';
import type { Bank } from '../../battery/bank';
import type { Value } from '../../battery/value';
import { foldBank } from '../foldBank';
import { extremeRowOfColumn } from './columns';

/**
 * The smallest or largest valid value of a path over the bank; invalid when no battery has one.
 * Used for temperatures and cell voltages, where the worst battery is what matters.
 *
 * @example
 * // cells at 3.30, null and 3.28 V -> min 3.28, max 3.30
 * bank$.pipe(extremeOfValid('/System/MinCellVoltage', 'min'))
 */
export function extremeOfValid(path: string, extreme: 'min' | 'max'): OperatorFunction<Bank, Value> {
  return foldBank([path], (table) => {
    const row = extremeRowOfColumn(table, 0, extreme);
    return row < 0 ? null : table.rows[row]!.values[0]!;
  });
}
