import { Observable, Subject, concat, defer, from } from 'rxjs';
import { LatestValue } from '../rx/latestValue';
import type { BusValue } from './busValue';

/** A service seen on the bus as a client sees it: values by path, each an Observable. */
export interface RemoteService {
  /** The well-known name, e.g. `com.victronenergy.battery.ttyUSB0`. */
  readonly name: string;
  /** The unique connection name its signals come from. */
  readonly owner: string;
  /**
   * The path's current value, then every change; `null` when invalid or never published. Completes when the
   * service leaves; subscribed after that, it gives the last value, then completes.
   */
  value$(path: string): LatestValue<BusValue>;
  /** The current value, or `null`. */
  value(path: string): BusValue;
  /** Every path published so far, then each newly published one. Completes when the service leaves. */
  readonly paths$: Observable<string>;
  /** True once the service has left the bus. */
  readonly gone: boolean;
}

/**
 * The watcher's side of a remote service: it stores plain values for every path and creates a LatestValue
 * only for paths someone observes, so untracked paths cost one map entry.
 */
export class RemoteServiceState implements RemoteService {
  private readonly observed = new Map<string, LatestValue<BusValue>>();
  private readonly newPaths = new Subject<string>();
  private isGone = false;

  readonly paths$: Observable<string> = defer(() =>
    this.isGone ? from([...this.values.keys()]) : concat(from([...this.values.keys()]), this.newPaths),
  );

  constructor(
    readonly name: string,
    readonly owner: string,
    private readonly values: Map<string, BusValue>,
  ) {}

  get gone(): boolean {
    return this.isGone;
  }

  value(path: string): BusValue {
    return this.values.get(path) ?? null;
  }

  /** Whether the path has been published, valid or not. */
  has(path: string): boolean {
    return this.values.has(path);
  }

  /** How many paths have been published. */
  get size(): number {
    return this.values.size;
  }

  value$(path: string): LatestValue<BusValue> {
    let latest = this.observed.get(path);
    if (!latest) {
      latest = new LatestValue<BusValue>(this.value(path));
      if (this.isGone) latest.complete();
      else this.observed.set(path, latest);
    }
    return latest;
  }

  /** Applies a value from a signal; returns false when it changed nothing. */
  set(path: string, value: BusValue): boolean {
    const known = this.values.has(path);
    if (known && this.values.get(path) === value) return false;
    this.values.set(path, value);
    if (!known) this.newPaths.next(path);
    this.observed.get(path)?.next(value);
    return true;
  }

  /** The service left the bus: every Observable of it completes. */
  leave(): void {
    if (this.isGone) return;
    this.isGone = true;
    for (const latest of this.observed.values()) latest.complete();
    this.observed.clear();
    this.newPaths.complete();
  }
}
