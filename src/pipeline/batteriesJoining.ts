import { Observable, type OperatorFunction } from 'rxjs';
import type { Bank, Battery } from '../battery/bank';

/**
 * Each battery as it joins the bank (or rejoins as a new object after a restart), in id order within one
 * bank change.
 *
 * @example
 * // banks {a}, {a, b}, {b} -> a, b
 * bank$.pipe(batteriesJoining())
 */
export function batteriesJoining(): OperatorFunction<Bank, Battery> {
  return (bank$) =>
    new Observable<Battery>((subscriber) => {
      let previous: Bank = new Map();
      return bank$.subscribe({
        next: (bank) => {
          const joined = [...bank.values()].filter((battery) => previous.get(battery.id) !== battery);
          previous = bank;
          for (const battery of joined.sort((a, b) => (a.id < b.id ? -1 : 1))) subscriber.next(battery);
        },
        error: (err: unknown) => subscriber.error(err),
        complete: () => subscriber.complete(),
      });
    });
}
