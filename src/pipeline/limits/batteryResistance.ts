import { distinctUntilChanged, map, merge, scan, type Observable } from 'rxjs';
import type { Battery } from '../../battery/bank';
import type { Value } from '../../battery/value';
import {
  INITIAL_RESISTANCE_STATE,
  nextResistanceState,
  type ResistanceEstimate,
  type ResistanceEvent,
  type ResistanceOptions,
} from './resistanceEstimator';

const INPUTS: ReadonlyArray<readonly [path: string, kind: ResistanceEvent['kind']]> = [
  // Current and limits first: a battery that joins then samples its voltage with its current already known.
  ['/Dc/0/Current', 'current'],
  ['/Info/MaxChargeCurrent', 'chargeLimit'],
  ['/Info/MaxDischargeCurrent', 'dischargeLimit'],
  ['/Dc/0/Voltage', 'voltage'],
];

/**
 * One battery's internal resistance and EMF over time, estimated from its own readings by
 * `nextResistanceState`; `null` until a fit is accepted. Emits only when the estimate changes.
 */
export function batteryResistance(battery: Battery, options: ResistanceOptions): Observable<ResistanceEstimate | null> {
  const events = INPUTS.map(([path, kind]) =>
    battery.value$(path).pipe(map((value): ResistanceEvent => ({ kind, value: numberOrNull(value) }))),
  );
  return merge(...events).pipe(
    scan((state, event) => nextResistanceState(state, event, options), INITIAL_RESISTANCE_STATE),
    map((state) => state.estimate),
    distinctUntilChanged(),
  );
}

function numberOrNull(value: Value): number | null {
  return typeof value === 'number' ? value : null;
}
