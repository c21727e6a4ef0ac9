import assert from 'node:assert/strict';
import { BehaviorSubject, EMPTY, ReplaySubject, type Observable } from 'rxjs';
import { TestScheduler, type RunHelpers } from 'rxjs/testing';
import type { Bank, Battery } from '../../src/battery/bank';
import type { Value } from '../../src/battery/value';

/** A TestScheduler whose failures are node:assert failures. */
export function testScheduler(): TestScheduler {
  return new TestScheduler((actual, expected) => assert.deepStrictEqual(actual, expected));
}

/** A path's values over time: `'a-b'` with `{ a: 52.1, b: 52.3 }`; unlisted paths stay invalid. */
export type PathMarbles = Readonly<Record<string, readonly [marble: string, values?: Record<string, Value>]>>;

/**
 * A battery in virtual time that behaves like one read from the bus: each path holds its current value
 * (a BehaviorSubject fed by a hot marble), so a fold that subscribes late still sees it.
 */
export function marbleBattery({ hot }: RunHelpers, id: string, paths: PathMarbles): Battery {
  const subjects = new Map<string, BehaviorSubject<Value>>();
  for (const [path, [marble, values]] of Object.entries(paths)) {
    const subject = new BehaviorSubject<Value>(null);
    hot<Value>(marble, values).subscribe((value) => subject.next(value));
    subjects.set(path, subject);
  }
  const idle = new BehaviorSubject<Value>(null);
  return {
    id,
    value$: (path) => (subjects.get(path) ?? idle).asObservable(),
    paths$: EMPTY,
  };
}

/**
 * A bank over time: each marble letter names the batteries in the bank from that frame on. Like the app's
 * bank stream, it replays the current bank to late subscribers.
 */
export function marbleBank({ hot }: RunHelpers, marble: string, banks: Record<string, readonly Battery[]>): Observable<Bank> {
  const values = Object.fromEntries(
    Object.entries(banks).map(([key, batteries]) => [key, new Map(batteries.map((b) => [b.id, b])) as Bank]),
  );
  const subject = new ReplaySubject<Bank>(1);
  hot<Bank>(marble, values).subscribe((bank) => subject.next(bank));
  return subject.asObservable();
}
