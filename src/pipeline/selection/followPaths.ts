import { Observable, Subscription, type OperatorFunction } from 'rxjs';
import type { Bank, Battery } from '../../battery/bank';
import type { Value } from '../../battery/value';

/** A bank and the latest value of a few paths of each of its batteries. */
export interface BankView {
  readonly bank: Bank;
  /** The latest value of `paths[column]` of battery `id`; null when invalid or not in the bank. */
  value(id: string, column: number): Value;
}

/**
 * The bank with a few paths of every battery followed, for decisions that depend on what a battery says
 * about itself (its `/CustomName`, the batteries it aggregates) rather than on its measurements.
 *
 * 1. Emits once per bank change, after the joining batteries' current values are read (no glitch where
 *    a new battery is seen without its name), and once per change of a followed value.
 * 2. A battery that leaves (or is replaced by a new object) is unsubscribed at once.
 *
 * Followed paths change rarely (names, membership), so each emission may cost a small object.
 */
export function followPaths(paths: readonly string[]): OperatorFunction<Bank, BankView> {
  return (bank$) =>
    new Observable<BankView>((subscriber) => {
      const members = new Map<string, { battery: Battery; values: Value[]; subscription: Subscription }>();
      let bank: Bank = new Map();
      let settling = 0;
      const value = (id: string, column: number): Value => members.get(id)?.values[column] ?? null;
      const emit = () => {
        if (settling === 0) subscriber.next({ bank, value });
      };
      const leave = (id: string) => {
        members.get(id)?.subscription.unsubscribe();
        members.delete(id);
      };
      const join = (battery: Battery) => {
        const values = new Array<Value>(paths.length).fill(null);
        const subscription = new Subscription();
        members.set(battery.id, { battery, values, subscription });
        paths.forEach((path, column) =>
          subscription.add(
            battery.value$(path).subscribe((v) => {
              if (values[column] === v) return;
              values[column] = v;
              emit();
            }),
          ),
        );
      };
      const source = bank$.subscribe({
        next: (next) => {
          settling++;
          bank = next;
          for (const [id, member] of members) if (next.get(id) !== member.battery) leave(id);
          for (const battery of next.values()) if (!members.has(battery.id)) join(battery);
          settling--;
          emit();
        },
        error: (err: unknown) => subscriber.error(err),
        complete: () => subscriber.complete(),
      });
      return () => {
        source.unsubscribe();
        for (const id of [...members.keys()]) leave(id);
      };
    });
}
