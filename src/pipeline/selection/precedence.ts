import { Observable, Subscription, of } from 'rxjs';
import type { Value } from '../../battery/value';

export interface PrecedenceSources {
  /** The aggregate over the bank. */
  readonly aggregate$: Observable<Value>;
  /** The primary merger's value of the path; invalid when no primary service supplies it. */
  readonly primary$?: Observable<Value>;
  /** The auxiliary merger's value of the path. */
  readonly auxiliary$?: Observable<Value>;
  /** Whether any aggregated battery has a valid value of the path (sums and means read 0 when none has). */
  readonly aggregateHasInput$?: Observable<boolean>;
}

/**
 * One published path when primary and auxiliary services are configured (reference-behaviour.md,
 * "Precedence"):
 * 1. the primary value, when valid; else
 * 2. the aggregate, when valid and some aggregated battery has a valid input for the path; else
 * 3. the auxiliary value, when valid; else the aggregate.
 *
 * Emits once every source has spoken, then on each change of the result. Waiting for all of them keeps a
 * subscriber that joins late from seeing the aggregate for an instant before the primary value.
 *
 * @example
 * // primary shunt /Soc 80 -> 80; the shunt vanishes -> the aggregate's mean SoC
 * precedence({ aggregate$, primary$: primary.value$('/Soc') })
 */
export function precedence({ aggregate$, primary$ = of(null), auxiliary$ = of(null), aggregateHasInput$ = of(true) }: PrecedenceSources): Observable<Value> {
  return new Observable<Value>((subscriber) => {
    let aggregate: Value = null;
    let primary: Value = null;
    let auxiliary: Value = null;
    let hasInput = true;
    let waiting = 4;
    let emitted = false;
    let last: Value = null;
    const emit = () => {
      if (waiting > 0) return;
      const value = primary !== null ? primary : aggregate !== null && hasInput ? aggregate : auxiliary !== null ? auxiliary : aggregate;
      if (emitted && value === last) return;
      emitted = true;
      last = value;
      subscriber.next(value);
    };
    const subscription = new Subscription();
    const follow = <T>(source$: Observable<T>, set: (value: T) => void) => {
      let heard = false;
      subscription.add(
        source$.subscribe({
          next: (value) => {
            set(value);
            if (!heard) {
              heard = true;
              waiting--;
            }
            emit();
          },
          error: (err: unknown) => subscriber.error(err),
        }),
      );
    };
    follow(primary$, (v) => (primary = v));
    follow(auxiliary$, (v) => (auxiliary = v));
    follow(aggregateHasInput$, (v) => (hasInput = v));
    follow(aggregate$, (v) => (aggregate = v));
    return subscription;
  });
}
