import type { OperatorFunction } from 'rxjs';
import type { Bank } from '../../battery/bank';
import type { Value } from '../../battery/value';
import { foldBank } from '../foldBank';
import { extremeRowOfColumn } from '../aggregate/columns';

/**
 * The bank's charge voltage limit: the smallest valid `/Info/MaxChargeVoltage` of the batteries, so no
 * battery is charged above its own limit; invalid when no battery reports one.
 *
 * @example
 * // 56.8 V and 56.4 V -> 56.4 V
 * bank$.pipe(chargeVoltageLimit())
 */
export function chargeVoltageLimit(path = '/Info/MaxChargeVoltage'): OperatorFunction<Bank, Value> {
  return foldBank([path], (table) => {
    const row = extremeRowOfColumn(table, 0, 'min');
    return row < 0 ? null : Math.max(0, table.rows[row]!.values[0] as number);
  });
}
