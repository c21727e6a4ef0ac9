import { Observable, type TeardownLogic } from 'rxjs';

/** What `attach` delivers to: a fold's or a derived value's two calls, nothing else. */
export interface ValueListener<T> {
  next(value: T): void;
  complete(): void;
}

const NOTHING = () => undefined;

/**
 * A value that changes over time, such as one path of a service on the bus. Every subscriber gets the
 * current value at once, then each change; once completed, the last value and completion (a battery that
 * left keeps its last values for `reconnectTimeout`). It never errors.
 *
 * It is an Observable like any other, but it is the hottest one: every value of every battery path passes
 * through it. Through a BehaviorSubject, `map` and a shared replay, a value took about fifteen calls
 * (subscriber, safe subscriber and consumer wrappers at each hop) to reach a fold; `attach` and `derive`
 * hand it over in one, and `observeValues` lets a consumer use them whenever the source is one of these.
 */
export class LatestValue<T> extends Observable<T> {
  private listeners: readonly ValueListener<T>[] = []; // replaced, never mutated: a listener may leave while we deliver
  private done = false;

  constructor(private current: T) {
    super((subscriber) => this.attach(subscriber));
  }

  next(value: T): void {
    if (this.done) return;
    this.current = value;
    const listeners = this.listeners;
    for (let i = 0; i < listeners.length; i++) listeners[i]!.next(value);
  }

  complete(): void {
    if (this.done) return;
    this.done = true;
    const listeners = this.listeners;
    this.listeners = [];
    for (const listener of listeners) listener.complete();
  }

  /** Delivers the current value now, then every change and the completion; returns the detach. */
  attach(listener: ValueListener<T>): () => void {
    if (this.done) {
      listener.next(this.current);
      listener.complete();
      return NOTHING;
    }
    // Listed before the first delivery, as rxjs subjects do: one it attaches meanwhile is served after it.
    const detach = this.listen(listener);
    listener.next(this.current);
    return detach;
  }

  /** `project` of every value (once each), kept current for as long as this one lives (no reference counting). */
  derive<R>(project: (value: T) => R): LatestValue<R> {
    const derived = new LatestValue<R>(project(this.current));
    if (this.done) derived.complete();
    else this.listen({ next: (value) => derived.next(project(value)), complete: () => derived.complete() });
    return derived;
  }

  private listen(listener: ValueListener<T>): () => void {
    this.listeners = [...this.listeners, listener];
    return () => {
      const at = this.listeners.indexOf(listener);
      if (at >= 0) this.listeners = this.listeners.filter((_, i) => i !== at);
    };
  }
}

/**
 * Calls `next` with the source's values: through `attach` when it is a LatestValue, else by subscribing.
 * The result tears down either (`Subscription.add` takes it).
 */
export function observeValues<T>(source: Observable<T>, next: (value: T) => void): TeardownLogic {
  return source instanceof LatestValue ? source.attach({ next, complete: NOTHING }) : source.subscribe(next);
}
