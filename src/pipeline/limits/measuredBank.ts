import { asapScheduler, defer, map, type Observable, type OperatorFunction, type SchedulerLike } from 'rxjs';
import { shareLatest } from '../../rx/shareLatest';
import type { Bank, Battery } from '../../battery/bank';
import type { Value } from '../../battery/value';
import { batteryResistance } from './batteryResistance';
import type { ResistanceOptions } from './resistanceEstimator';

/** Paths a measured battery adds; not D-Bus paths, so they cannot clash with a battery's own. */
export const RESISTANCE_PATH = '#InternalResistance';
export const EMF_PATH = '#EMF';

/**
 * The bank with each battery's estimated internal resistance and EMF as two more paths, so the limit
 * folds read them like any other value. Each battery keeps one estimator while it stays in the bank (the
 * same Battery object gets the same wrapper); a restarted battery starts afresh.
 * The result should be shared: every subscription has its own estimators. `scheduler` marks the end of an
 * instant (see `batteryResistance`).
 */
export function withMeasuredResistance(options: ResistanceOptions, scheduler: SchedulerLike = asapScheduler): OperatorFunction<Bank, Bank> {
  return (bank$) =>
    defer(() => {
      const measured = new WeakMap<Battery, Battery>();
      const wrap = (battery: Battery): Battery => {
        let wrapper = measured.get(battery);
        if (!wrapper) {
          wrapper = measuredBattery(battery, options, scheduler);
          measured.set(battery, wrapper);
        }
        return wrapper;
      };
      return bank$.pipe(map((bank): Bank => new Map([...bank].map(([id, battery]) => [id, wrap(battery)]))));
    });
}

function measuredBattery(battery: Battery, options: ResistanceOptions, scheduler: SchedulerLike): Battery {
  const estimate$ = batteryResistance(battery, options, scheduler).pipe(shareLatest());
  const derived: Readonly<Record<string, Observable<Value>>> = {
    [RESISTANCE_PATH]: estimate$.pipe(map((estimate) => estimate?.resistance ?? null)),
    [EMF_PATH]: estimate$.pipe(map((estimate) => estimate?.emf ?? null)),
  };
  return { id: battery.id, paths$: battery.paths$, value$: (path) => derived[path] ?? battery.value$(path) };
}
