import type { OperatorFunction } from 'rxjs';
import type { Bank } from '../../battery/bank';
import type { Value } from '../../battery/value';
import { foldBank } from '../foldBank';

/**
 * A 0/1 flag over the bank: 1 when any battery's valid value is non-zero, 0 when all valid values are 0,
 * invalid when none is valid (the original's "max of 0/1").
 *
 * @example
 * // AllowToCharge 0, 1, null -> 1
 * bank$.pipe(anyFlag('/Io/AllowToCharge'))
 */
export function anyFlag(path: string): OperatorFunction<Bank, Value> {
  return foldBank([path], (table) => {
    let result: Value = null;
    for (const row of table.rows) {
      const value = row.values[0];
      if (typeof value !== 'number') continue;
      if (value !== 0) return 1;
      result = 0;
    }
    return result;
  });
}
