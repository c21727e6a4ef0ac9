import type { OperatorFunction } from 'rxjs';
import type { Bank } from '../../battery/bank';
import { foldBank } from '../foldBank';

/**
 * Whether any battery of the bank has a valid value of a path: a sum or mean reads 0 both when the
 * batteries say 0 and when none says anything, and precedence must tell the two apart.
 *
 * @example
 * // /Soc null, null -> false; then 80 -> true
 * bank$.pipe(anyValid('/Soc'))
 */
export function anyValid(path: string): OperatorFunction<Bank, boolean> {
  return foldBank([path], (table) => table.rows.some((row) => row.values[0] !== null));
}
