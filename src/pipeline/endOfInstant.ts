import { Observable, type MonoTypeOperatorFunction, type SchedulerLike, type Subscription } from 'rxjs';

/**
 * The latest value of each instant: the first value schedules one action on `scheduler` (a microtask
 * with `asapScheduler`, the same frame on a TestScheduler), which emits whatever value is latest by then.
 * A driver's signal changes many paths at once; computations that read several of them (limits, the
 * resistance fit) run once per signal, after all its values are in.
 *
 * `auditTime(0, scheduler)` does the same, but builds a timer Observable and two inner subscribers for
 * every instant: this runs on every signal of every battery. Completion waits for a pending value;
 * an error is passed on at once and the pending value dropped, as audit does.
 */
export function endOfInstant<T>(scheduler: SchedulerLike): MonoTypeOperatorFunction<T> {
  return (source) =>
    new Observable<T>((subscriber) => {
      let scheduled = false;
      let pending: Subscription | null = null; // the scheduled action, to cancel on unsubscribe
      let latest: T;
      let completed = false;
      const emit = () => {
        scheduled = false;
        pending = null;
        subscriber.next(latest);
        if (completed) subscriber.complete();
      };
      const subscription = source.subscribe({
        next: (value) => {
          latest = value;
          if (scheduled) return;
          scheduled = true;
          const action = scheduler.schedule(emit);
          if (scheduled) pending = action; // else a synchronous scheduler has run it already
        },
        error: (err: unknown) => subscriber.error(err),
        complete: () => {
          completed = true;
          if (!scheduled) subscriber.complete();
        },
      });
      return () => {
        subscription.unsubscribe();
        pending?.unsubscribe();
      };
    });
}
