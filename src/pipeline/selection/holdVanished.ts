import { Observable, Subscription, identity, type OperatorFunction, type SchedulerLike } from 'rxjs';
import type { Bank, Battery } from '../../battery/bank';

/**
 * `reconnectTimeout`: a battery that vanishes stays in the bank, with the values last read from it, for
 * `seconds`; it leaves only if it has not come back by then. One that returns in time replaces the held
 * one in the same emission, so every output moves straight from its old values to its new ones.
 *
 * 1. `seconds` = 0: the bank passes through unchanged.
 * 2. Time is read from `scheduler` only (virtual time in tests).
 * 3. Beyond `seconds` a vanished battery is gone from every output, limits included: it cannot keep
 *    allowing charge once the timeout has passed.
 *
 * @example
 * // T = 5 s; b vanishes at 0 s -> still in the bank until 5 s; b returns at 3 s -> never left
 * bank$.pipe(holdVanished(5, scheduler))
 */
export function holdVanished(seconds: number, scheduler: SchedulerLike): OperatorFunction<Bank, Bank> {
  if (seconds <= 0) return identity;
  return (bank$) =>
    new Observable<Bank>((subscriber) => {
      const held = new Map<string, { battery: Battery; expiry: Subscription }>();
      let current: Bank = new Map();
      const publish = () => {
        if (held.size === 0) return subscriber.next(current);
        const bank = new Map(current);
        for (const [id, { battery }] of held) bank.set(id, battery);
        subscriber.next(bank);
      };
      const release = (id: string) => {
        held.get(id)?.expiry.unsubscribe();
        held.delete(id);
      };
      const source = bank$.subscribe({
        next: (next) => {
          for (const [id, battery] of current) {
            if (next.has(id) || held.has(id)) continue;
            const expiry = scheduler.schedule(() => {
              held.delete(id);
              publish();
            }, seconds * 1000);
            held.set(id, { battery, expiry });
          }
          for (const id of [...held.keys()]) if (next.has(id)) release(id);
          current = next;
          publish();
        },
        error: (err: unknown) => subscriber.error(err),
        complete: () => subscriber.complete(),
      });
      return () => {
        source.unsubscribe();
        for (const id of [...held.keys()]) release(id);
      };
    });
}
