import { Observable, type MonoTypeOperatorFunction, type Subscriber, type Subscription } from 'rxjs';

/**
 * `shareReplay({ bufferSize: 1, refCount: true })` without its ReplaySubject: every battery path's value
 * passes through one of these on its way to the folds, and the subject's buffer bookkeeping, observer
 * copies and error-context wrapper were a fifth of the pipelines' time. Same contract, kept so by a
 * differential test against rxjs:
 * - the first subscriber connects to the source; later ones get the latest value at once, then each value;
 * - when the last one leaves before the source completed, the source is unsubscribed and the latest value
 *   forgotten (the next subscriber connects again);
 * - after the source completes, every subscriber, then or later, gets the latest value and completion;
 * - an error goes to the current subscribers and resets, so the next subscriber connects again.
 */
export function shareLatest<T>(): MonoTypeOperatorFunction<T> {
  return (source) => {
    let subscribers: Subscriber<T>[] = []; // replaced, never mutated: a subscriber may leave while we deliver
    let connection: Subscription | null = null;
    let connecting = false;
    let generation = 0;
    let hasValue = false;
    let latest: T;
    let completed = false;

    const reset = () => {
      generation++;
      connection = null;
      connecting = false;
      hasValue = false;
      subscribers = [];
    };

    const connect = () => {
      const own = ++generation;
      connecting = true;
      const subscription = source.subscribe({
        next: (value) => {
          if (own !== generation) return;
          hasValue = true;
          latest = value;
          const current = subscribers;
          for (let i = 0; i < current.length; i++) current[i]!.next(value);
        },
        error: (err: unknown) => {
          if (own !== generation) return;
          const current = subscribers;
          reset();
          for (const subscriber of current) subscriber.error(err);
        },
        complete: () => {
          if (own !== generation) return;
          completed = true;
          const current = subscribers;
          subscribers = [];
          connection = null;
          for (const subscriber of current) subscriber.complete();
        },
      });
      if (own === generation && !completed) connection = subscription;
      else subscription.unsubscribe();
      connecting = false;
    };

    return new Observable<T>((subscriber) => {
      if (completed) {
        if (hasValue) subscriber.next(latest);
        subscriber.complete();
        return;
      }
      subscribers = [...subscribers, subscriber];
      if (hasValue) subscriber.next(latest);
      if (connection === null && !connecting) connect();
      return () => {
        const at = subscribers.indexOf(subscriber);
        if (at < 0) return;
        subscribers = subscribers.filter((_, i) => i !== at);
        if (subscribers.length > 0 || completed) return;
        const closing = connection;
        reset();
        closing?.unsubscribe();
      };
    });
  };
}
