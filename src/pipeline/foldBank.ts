import { Observable, Subscription, type OperatorFunction } from 'rxjs';
import type { Bank, Battery } from '../battery/bank';
import { observeValues } from '../rx/latestValue';
import { BankTable, type BankRow } from './bankTable';

/**
 * Folds the same few paths of every battery of a bank into one output value: the heart of every aggregate.
 *
 * 1. Each battery that joins gets a row; the fold subscribes to `battery.value$(path)` for each path and
 *    keeps the latest value in the row. A battery that leaves loses its row and its subscriptions at once;
 *    one that is replaced (same id, new object) is left and joined again.
 * 2. After every change (a value, a join, a leave) `reduce` runs over the table, and its result is emitted
 *    when it differs (`!==`) from the last one. A join emits once, after all its paths are read.
 * 3. Nothing is emitted before the first bank arrives; a source that replays its current bank (as the
 *    app's does) thus gives an output on subscription.
 * 4. It completes when the bank stream completes.
 *
 * Work per value change is one `reduce` over the batteries (a handful to a few dozen rows), with no
 * allocation in the fold itself.
 *
 * @example
 * bank$.pipe(foldBank(['/Dc/0/Current'], (table) => table.rows.length)) // number of batteries
 */
export function foldBank<T>(paths: readonly string[], reduce: (table: BankTable) => T): OperatorFunction<Bank, T> {
  return (bank$) =>
    new Observable<T>((subscriber) => {
      const table = new BankTable(paths.length);
      const members = new Map<string, { battery: Battery; row: BankRow; subscription: Subscription }>();
      let settling = 0;
      let last: T | undefined;
      let emitted = false;

      const emit = () => {
        if (settling > 0) return;
        const value = reduce(table);
        if (emitted && value === last) return;
        emitted = true;
        last = value;
        subscriber.next(value);
      };

      const leave = (id: string) => {
        const member = members.get(id);
        if (!member) return;
        members.delete(id);
        member.subscription.unsubscribe();
        table.remove(member.row);
      };

      const join = (battery: Battery) => {
        const row = table.insert(battery.id);
        const subscription = new Subscription();
        members.set(battery.id, { battery, row, subscription });
        for (let column = 0; column < paths.length; column++) {
          subscription.add(
            observeValues(battery.value$(paths[column]!), (value) => {
              row.values[column] = value;
              emit();
            }),
          );
        }
      };

      const onBank = (bank: Bank) => {
        settling++;
        for (const [id, member] of members) {
          if (bank.get(id) !== member.battery) leave(id);
        }
        for (const [id, battery] of bank) {
          if (!members.has(id)) join(battery);
        }
        settling--;
        emit();
      };

      const source = bank$.subscribe({
        next: onBank,
        error: (err: unknown) => subscriber.error(err),
        complete: () => subscriber.complete(),
      });

      return () => {
        source.unsubscribe();
        for (const id of [...members.keys()]) leave(id);
      };
    });
}
