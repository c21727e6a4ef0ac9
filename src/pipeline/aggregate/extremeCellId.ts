import type { OperatorFunction } from 'rxjs';
import { shortName, type Bank } from '../../battery/bank';
import type { Value } from '../../battery/value';
import { foldBank } from '../foldBank';
import { extremeRowOfColumn } from './columns';

/**
 * Which cell of the bank holds an extreme value: the battery with the smallest (or largest) valid
 * `valuePath`, as "<its /CustomName, or its short service name> <its idPath>". Invalid when no battery
 * has a valid value; just the battery's name when it publishes no cell id.
 *
 * @example
 * // ttyS5: MinCellVoltage 3.21, MinVoltageCellId "C4"; ttyS6: 3.25, "C1" -> "ttyS5 C4"
 * bank$.pipe(extremeCellId('/System/MinCellVoltage', '/System/MinVoltageCellId', 'min'))
 */
export function extremeCellId(valuePath: string, idPath: string, extreme: 'min' | 'max'): OperatorFunction<Bank, Value> {
  return foldBank([valuePath, idPath, '/CustomName'], (table) => {
    const at = extremeRowOfColumn(table, 0, extreme);
    if (at < 0) return null;
    const row = table.rows[at]!;
    const [, cellId, customName] = row.values;
    const battery = typeof customName === 'string' && customName.trim() !== '' ? customName : shortName(row.id);
    return cellId === null || cellId === undefined || cellId === '' ? battery : `${battery} ${cellId}`;
  });
}
