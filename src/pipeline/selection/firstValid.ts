import { Observable, Subscription, of } from 'rxjs';
import type { Battery } from '../../battery/bank';
import type { Value } from '../../battery/value';

/**
 * The first valid value of `path` among `batteries`, in their order: the merge rule of primary and
 * auxiliary services and of virtual batteries.
 *
 * 1. Emits once on subscription, after every battery's current value is read; then whenever the
 *    result changes.
 * 2. Invalid when no battery has a valid value (or there is none).
 * Work per change is a scan of a few slots, with no allocation.
 *
 * @example
 * // shunt /Soc null, BMS /Soc 81 -> 81; the shunt then says 80 -> 80
 * firstValid([shunt, bms], '/Soc')
 */
export function firstValid(batteries: readonly Battery[], path: string): Observable<Value> {
  if (batteries.length === 0) return of(null);
  return new Observable<Value>((subscriber) => {
    const values = new Array<Value>(batteries.length).fill(null);
    let settling = true;
    let emitted = false;
    let last: Value = null;
    const emit = () => {
      if (settling) return;
      let value: Value = null;
      for (const candidate of values) {
        if (candidate !== null) {
          value = candidate;
          break;
        }
      }
      if (emitted && value === last) return;
      emitted = true;
      last = value;
      subscriber.next(value);
    };
    const subscription = new Subscription();
    batteries.forEach((battery, i) =>
      subscription.add(
        battery.value$(path).subscribe((value) => {
          values[i] = value;
          emit();
        }),
      ),
    );
    settling = false;
    emit();
    return subscription;
  });
}
