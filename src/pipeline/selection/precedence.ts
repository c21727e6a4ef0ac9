import { Observable, Subscription, of } from 'rxjs';
import type { Value } from '../../battery/value';

/** How the sources of one path combine: (primary, aggregate, whether the aggregate had input, auxiliary). */
export type PrecedenceRule = (primary: Value, aggregate: Value, hasInput: boolean, auxiliary: Value) => Value;

/** The reference rule (steps 1-3 of `precedence`). */
export const firstValidRule: PrecedenceRule = (primary, aggregate, hasInput, auxiliary) =>
  primary !== null ? primary : aggregate !== null && hasInput ? aggregate : auxiliary !== null ? auxiliary : aggregate;

/**
 * For the allow flags (`/Io/AllowToCharge`, `/Io/AllowToDischarge`): as `firstValidRule`, except that a 0
 * from any source wins. A primary shunt's 1 must not lift a block the batteries (or a BMS read as an
 * auxiliary) report: a wrong 1 lets chargers run, a wrong 0 only pauses them.
 */
export const blockWinsRule: PrecedenceRule = (primary, aggregate, hasInput, auxiliary) =>
  primary === 0 || (hasInput && aggregate === 0) || auxiliary === 0 ? 0 : firstValidRule(primary, aggregate, hasInput, auxiliary);

/** For alarms: the worst level of all sources, so a primary service's "ok" never hides a battery's alarm. */
export const worstRule: PrecedenceRule = (primary, aggregate, hasInput, auxiliary) =>
  worse(worse(primary, hasInput ? aggregate : null), auxiliary) ?? aggregate;

const worse = (a: Value, b: Value): Value => (typeof b === 'number' && (typeof a !== 'number' || b > a) ? b : a);

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
export function precedence(
  { aggregate$, primary$ = of(null), auxiliary$ = of(null), aggregateHasInput$ = of(true) }: PrecedenceSources,
  rule: PrecedenceRule = firstValidRule,
): Observable<Value> {
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
      const value = rule(primary, aggregate, hasInput, auxiliary);
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
