import { Observable, asyncScheduler, type OperatorFunction, type SchedulerAction, type SchedulerLike, type Subscription } from 'rxjs';

/** How often a ramp steps: chargers and the GX read the limits about once a second, a faster step would not be seen. */
export const RAMP_STEP_MS = 1000;

/** One published value of a smoothed limit, with the unsmoothed input it was made from. */
export interface SmoothedLimit<T> {
  /** The latest input (the rule's limit and its explanation). */
  readonly rule: T;
  /** What is published: the rule's value, or less while a rise is ramping. */
  readonly value: number | null;
  /** Set only on the output that starts a ramp (for the one log line per ramp); `null` on every other. */
  readonly rampStart: { readonly from: number; readonly to: number } | null;
}

/**
 * Limit smoothing over time (pure; `scheduler` for the ramp's timer):
 * - a fall of the rule's value, a first value and an invalid one (`null`) are published at once, in the same
 *   instant: smoothing never holds a number the rule no longer gives, and never lags a decrease;
 * - a rise ramps: the published value climbs by `rampRate` A/s in a step every `stepMs`, to the rule's value,
 *   never above it (a rise during a ramp moves its end, a fall below the published value ends it at once).
 * One output per input and one per step. A timer exists only while ramping: a steady limit costs one object per
 * input. After an invalid value the next number is published at once, like a first one (no old number to ramp from).
 */
export function limitSmoothing<T>(
  rampRate: number,
  valueOf: (input: T) => number | null,
  scheduler: SchedulerLike = asyncScheduler,
  stepMs: number = RAMP_STEP_MS,
): OperatorFunction<T, SmoothedLimit<T>> {
  const stepBy = (rampRate * stepMs) / 1000;
  return (input$) =>
    new Observable<SmoothedLimit<T>>((subscriber) => {
      /** The number published last; `null` before the first and after an invalid one. */
      let published: number | null = null;
      let rule!: T;
      let target: number | null = null;
      let timer: Subscription | null = null;
      const stop = () => {
        timer?.unsubscribe();
        timer = null;
      };
      function step(this: SchedulerAction<unknown>) {
        published = Math.min(published! + stepBy, target!);
        if (published < target!) this.schedule(undefined, stepMs);
        else timer = null; // caught up: no timer while steady
        subscriber.next({ rule, value: published, rampStart: null });
      }
      const subscription = input$.subscribe({
        next: (input) => {
          rule = input;
          const raw = valueOf(input);
          target = raw !== null && Number.isFinite(raw) ? raw : null;
          if (target === null || published === null || target <= published) {
            stop();
            published = target;
            subscriber.next({ rule, value: target === null ? raw : target, rampStart: null });
            return;
          }
          const starts = timer === null;
          if (starts) timer = scheduler.schedule(step, stepMs);
          subscriber.next({ rule, value: published, rampStart: starts ? { from: published, to: target } : null });
        },
        error: (err: unknown) => subscriber.error(err),
        complete: () => subscriber.complete(),
      });
      return () => {
        stop();
        subscription.unsubscribe();
      };
    });
}
