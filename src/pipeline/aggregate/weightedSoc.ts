import type { OperatorFunction } from 'rxjs';
import type { Bank } from '../../battery/bank';
import type { Value } from '../../battery/value';
import type { BankTable } from '../bankTable';
import { foldBank } from '../foldBank';

/**
 * The bank's SoC weighted by each battery's installed capacity: sum(SoC_i x C_i) / sum(C_i) over the batteries
 * with a valid SoC. While any of them has no capacity (invalid or not above 0) the weights are unknown, so it is
 * the plain mean of their SoC; 0 when no battery has a SoC (as the mean).
 *
 * @example
 * // 100, 200 and 280 Ah at 50, 80 and 90 % -> 462 / 580 Ah = 79.66 % (the mean says 73.3 %)
 * bank$.pipe(weightedSoc())
 */
export function weightedSoc(): OperatorFunction<Bank, Value> {
  return foldBank(['/Soc', '/InstalledCapacity'], weightedSocOf);
}

export function weightedSocOf(table: BankTable): number {
  let weighted = 0;
  let capacity = 0;
  let sum = 0;
  let count = 0;
  let weightsKnown = true;
  for (const row of table.rows) {
    const soc = row.values[0];
    if (typeof soc !== 'number') continue;
    const c = row.values[1];
    sum += soc;
    count++;
    if (typeof c === 'number' && c > 0) {
      weighted += soc * c;
      capacity += c;
    } else weightsKnown = false;
  }
  if (count === 0) return 0;
  return weightsKnown ? weighted / capacity : sum / count;
}
