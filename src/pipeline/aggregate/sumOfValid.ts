import type { OperatorFunction } from 'rxjs';
import type { Bank } from '../../battery/bank';
import type { Value } from '../../battery/value';
import { foldBank } from '../foldBank';
import { sumOfColumn } from './columns';

/**
 * The sum of a path over the bank, skipping invalid values; 0 when no battery has a valid one.
 * Used for currents, powers, capacities and module counts, which add up across parallel batteries.
 *
 * @example
 * // batteries at -10 A, null and -5.5 A -> -15.5
 * bank$.pipe(sumOfValid('/Dc/0/Current'))
 */
export function sumOfValid(path: string): OperatorFunction<Bank, Value> {
  return foldBank([path], (table) => sumOfColumn(table, 0));
}
