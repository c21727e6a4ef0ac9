import { Observable, type SchedulerLike } from 'rxjs';
import type { Value } from '../../battery/value';
import type { OwnSoc } from '../../config/defaults';

/** What the counter reads of the bank at one instant. */
export interface OwnSocSample {
  /** Bank current, A (negative = discharge). */
  readonly current: Value;
  readonly voltage: Value;
  /** The published charge voltage limit. */
  readonly chargeVoltage: Value;
  /** Every connected battery reports a Float charge mode. */
  readonly allFloat: boolean;
  /** The bank's installed capacity, Ah. */
  readonly capacity: Value;
  /** The capacity-weighted SoC of the batteries: where a fresh counter starts. */
  readonly batterySoc: Value;
}

export interface OwnSocState {
  readonly soc: number;
  /** Virtual (scheduler) time of the last sample, ms. */
  readonly at: number;
  /** The current (A) held since `at`: integrated over the next interval. */
  readonly current: number;
  /** Since when the voltage and tail current rule holds, ms; null while it does not. */
  readonly fullSince: number | null;
  /** Every battery floated at the last sample: Float resets on entering it, not all the while. */
  readonly floating: boolean;
}

export interface OwnSocOutput {
  readonly soc: number;
  /** Ah taken out of a full bank, negative as Victron's monitors publish it. */
  readonly consumedAmphours: number;
}

const clamp = (soc: number) => Math.min(100, Math.max(0, soc));

/** A fresh counter: none until the batteries give a SoC to start from. */
export function startOwnSoc(sample: OwnSocSample, now: number): OwnSocState | null {
  if (typeof sample.batterySoc !== 'number') return null;
  return { soc: clamp(sample.batterySoc), at: now, current: typeof sample.current === 'number' ? sample.current : 0, fullSince: null, floating: false };
}

/**
 * One step: the current held since the last sample counts over the interval (a rectangle per sample interval,
 * the sample's own value until the next one), charge times the charge efficiency; then the full-charge rules:
 * every battery entering Float, or the voltage and tail current rule held for the hold time.
 * Without a capacity nothing can be counted, so the SoC holds.
 */
export function stepOwnSoc(state: OwnSocState, sample: OwnSocSample, now: number, options: OwnSoc): OwnSocState {
  const hours = Math.max(0, now - state.at) / 3_600_000;
  const charge = state.current > 0 ? state.current * options.chargeEfficiency : state.current;
  const capacity = sample.capacity;
  let soc = typeof capacity === 'number' && capacity > 0 ? clamp(state.soc + ((charge * hours) / capacity) * 100) : state.soc;
  const current = typeof sample.current === 'number' ? sample.current : 0;
  const atVoltage =
    typeof sample.voltage === 'number' && typeof sample.chargeVoltage === 'number' && sample.voltage >= sample.chargeVoltage - options.fullVoltageMargin;
  const tail = typeof sample.current === 'number' && current >= 0 && current <= options.tailCurrent;
  const fullSince = atVoltage && tail ? (state.fullSince ?? now) : null;
  // A BMS may stay in Float long after the load returns (the recorded cycle's packs do): only the entry into
  // Float says full, so a bank discharging in Float is counted down, not held at 100 %.
  const enteredFloat = sample.allFloat && !state.floating;
  if ((options.floatResets && enteredFloat) || (fullSince !== null && now - fullSince >= options.holdTime * 1000)) soc = 100;
  return { soc, at: now, current, fullSince, floating: sample.allFloat };
}

export function ownSocOutput(state: OwnSocState, capacity: Value): OwnSocOutput {
  const consumed = typeof capacity === 'number' && capacity > 0 ? -((100 - state.soc) / 100) * capacity : 0;
  return { soc: state.soc, consumedAmphours: consumed === 0 ? 0 : consumed };
}

/**
 * The own SoC counter over a stream of bank samples, timed by `scheduler` (virtual time in tests). It starts
 * from `resumed` (a stored state, see the app side) or else from the first sample's battery SoC.
 */
export function countOwnSoc(sample$: Observable<OwnSocSample>, options: OwnSoc, scheduler: SchedulerLike, resumed: number | null = null): Observable<OwnSocOutput> {
  return new Observable<OwnSocOutput>((subscriber) => {
    let state: OwnSocState | null = null;
    return sample$.subscribe({
      next: (sample) => {
        const now = scheduler.now();
        if (state === null) {
          state = resumed === null ? startOwnSoc(sample, now) : { soc: clamp(resumed), at: now, current: 0, fullSince: null, floating: false };
          if (state !== null) state = stepOwnSoc(state, sample, now, options);
        } else state = stepOwnSoc(state, sample, now, options);
        if (state !== null) subscriber.next(ownSocOutput(state, sample.capacity));
      },
      error: (err: unknown) => subscriber.error(err),
      complete: () => subscriber.complete(),
    });
  });
}
