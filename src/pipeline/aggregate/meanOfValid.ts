import type { OperatorFunction } from 'rxjs';
import type { Bank } from '../../battery/bank';
import type { Value } from '../../battery/value';
import { foldBank } from '../foldBank';
import { sumOfColumn, validCountOfColumn } from './columns';

/**
 * The mean of a path over the batteries with a valid value; 0 when none has one (as the original).
 * Used for voltage, SoC and time-to-go of parallel batteries.
 *
 * @example
 * // batteries at 52.0 V, null and 53.0 V -> 52.5
 * bank$.pipe(meanOfValid('/Dc/0/Voltage'))
 */
export function meanOfValid(path: string): OperatorFunction<Bank, Value> {
  return foldBank([path], (table) => {
    const count = validCountOfColumn(table, 0);
    return count === 0 ? 0 : sumOfColumn(table, 0) / count;
  });
}
