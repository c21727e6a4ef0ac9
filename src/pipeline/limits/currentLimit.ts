import type { OperatorFunction } from 'rxjs';
import type { Bank } from '../../battery/bank';
import type { Value } from '../../battery/value';
import { foldBank } from '../foldBank';

/**
 * The bank's charge (or discharge) current limit when parallel batteries share current equally (the
 * `count` method): each connected battery carries 1/n of the bank current, so the bank may take
 * n * CCL_i before battery i reaches its own limit; the bank limit is the smallest of those.
 *
 * 1. Connected = the allow flag (`/Io/AllowToCharge` or `/Io/AllowToDischarge`) is not 0; a battery
 *    without the flag counts as connected.
 * 2. Limit = min over connected batteries with a valid own limit of (own limit x number connected).
 * 3. No such battery: 0 when some battery reports a positive limit (all are blocked), else invalid.
 * Never negative: a negative own limit counts as 0.
 *
 * @example
 * // limits 50 and 90 A, both allowed -> min(100, 180) = 100; 50 A blocked -> 90 A
 * bank$.pipe(currentLimit('/Info/MaxChargeCurrent', '/Io/AllowToCharge'))
 */
export function currentLimit(limitPath: string, allowPath: string): OperatorFunction<Bank, Value> {
  return foldBank([limitPath, allowPath], (table) => {
    let connected = 0;
    for (const row of table.rows) if (row.values[1] !== 0) connected++;
    let limit = Infinity;
    let anyPositive = false;
    for (const row of table.rows) {
      const own = row.values[0];
      if (typeof own !== 'number') continue;
      if (own > 0) anyPositive = true;
      if (row.values[1] !== 0) limit = Math.min(limit, Math.max(0, own) * connected);
    }
    if (limit !== Infinity) return limit;
    return anyPositive ? 0 : null;
  });
}
