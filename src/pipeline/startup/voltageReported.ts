import type { OperatorFunction } from 'rxjs';
import type { Bank } from '../../battery/bank';
import { foldBank } from '../foldBank';

/**
 * Whether some battery of the bank reports a voltage (valid and not 0): the original registers its
 * service only then, so the GX never sees an aggregate of nothing (`startupBatteryWait`).
 *
 * @example
 * // /Dc/0/Voltage null, then 0, then 52.1 -> false, true
 * bank$.pipe(voltageReported())
 */
export function voltageReported(path = '/Dc/0/Voltage'): OperatorFunction<Bank, boolean> {
  return foldBank([path], (table) => table.rows.some((row) => typeof row.values[0] === 'number' && row.values[0] !== 0));
}
