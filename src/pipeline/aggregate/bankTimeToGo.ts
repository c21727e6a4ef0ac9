import { combineLatest, distinctUntilChanged, map, type Observable } from 'rxjs';
import type { Value } from '../../battery/value';

/** Below this bank current (A) the bank rests: a time-to-go from it would be huge and meaningless. */
export const REST_CURRENT = 0.1;

/**
 * The bank's time to go in seconds: its remaining Ah (the published `/Capacity`) over its discharge current,
 * x 3600. Invalid (null) while it charges or rests, as Victron's own monitors publish it (BMV, Lynx shunt: "part
 * of normal operation to have it invalid: during charge and when unsynchronised", victronenergy/venus#452; the
 * parallel-BMS driver was fixed to go invalid too when its BMSes' TTG does, victronenergy/venus#1387).
 *
 * @example
 * // 462 Ah left at -46.2 A -> 36000 s (10 h); at +5 A or -0.05 A -> null
 * bankTimeToGo(capacity$, current$)
 */
export function bankTimeToGo(capacity$: Observable<Value>, current$: Observable<Value>): Observable<Value> {
  return combineLatest([capacity$, current$]).pipe(
    map(([capacity, current]) => timeToGoOf(capacity, current)),
    distinctUntilChanged(),
  );
}

export function timeToGoOf(capacity: Value, current: Value): Value {
  if (typeof capacity !== 'number' || typeof current !== 'number' || current > -REST_CURRENT) return null;
  return (Math.max(0, capacity) / -current) * 3600;
}
