import { asapScheduler, combineLatest, distinctUntilChanged, map, scan, type Observable, type SchedulerLike } from 'rxjs';
import type { Battery } from '../../battery/bank';
import type { Value } from '../../battery/value';
import { endOfInstant } from '../endOfInstant';
import { INITIAL_RESISTANCE_STATE, nextResistanceState, type Reading, type ResistanceEstimate, type ResistanceOptions } from './resistanceEstimator';

const PATHS = ['/Dc/0/Voltage', '/Dc/0/Current', '/Info/MaxChargeCurrent', '/Info/MaxDischargeCurrent'] as const;

/**
 * One battery's internal resistance and EMF over time, estimated from its own readings by
 * `nextResistanceState`; `null` until a fit is accepted. Emits only when the estimate changes.
 *
 * A driver sends voltage and current in one signal, often voltage first; reading them apart would pair
 * each voltage with the previous current (on recorded serial-battery data no fit is then ever accepted).
 * So the changes of one instant are taken together: `endOfInstant` on `scheduler` (a microtask by default,
 * after the whole signal is applied; the TestScheduler's frame in virtual time).
 */
export function batteryResistance(battery: Battery, options: ResistanceOptions, scheduler: SchedulerLike = asapScheduler): Observable<ResistanceEstimate | null> {
  return combineLatest(PATHS.map((path) => battery.value$(path))).pipe(
    endOfInstant(scheduler),
    map(([voltage, current, chargeLimit, dischargeLimit]): Reading => ({
      voltage: numberOrNull(voltage),
      current: numberOrNull(current),
      chargeLimit: numberOrNull(chargeLimit),
      dischargeLimit: numberOrNull(dischargeLimit),
    })),
    scan((state, reading) => nextResistanceState(state, reading, options), INITIAL_RESISTANCE_STATE),
    map((state) => state.estimate),
    distinctUntilChanged(),
  );
}

function numberOrNull(value: Value | undefined): number | null {
  return typeof value === 'number' ? value : null;
}
