import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { BehaviorSubject, Observable, Subject, shareReplay, type MonoTypeOperatorFunction, type Subscription } from 'rxjs';
import { shareLatest } from '../../../src/rx/shareLatest';

type Step =
  | { readonly op: 'subscribe' }
  | { readonly op: 'unsubscribe'; readonly which: number }
  | { readonly op: 'next'; readonly value: number }
  | { readonly op: 'complete' }
  | { readonly op: 'error' }
  /** A subscriber that, on its first value, subscribes another one (re-entrancy). */
  | { readonly op: 'subscribe-nested' }
  /** A subscriber that leaves on its first value. */
  | { readonly op: 'subscribe-once' };

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: fc.constant({ op: 'subscribe' } as const) },
  { weight: 3, arbitrary: fc.nat(6).map((which) => ({ op: 'unsubscribe', which }) as const) },
  { weight: 5, arbitrary: fc.integer({ min: 0, max: 3 }).map((value) => ({ op: 'next', value }) as const) },
  { weight: 1, arbitrary: fc.constant({ op: 'complete' } as const) },
  { weight: 1, arbitrary: fc.constant({ op: 'error' } as const) },
  { weight: 1, arbitrary: fc.constant({ op: 'subscribe-nested' } as const) },
  { weight: 1, arbitrary: fc.constant({ op: 'subscribe-once' } as const) },
);

/** Runs the steps against `share` over a source that, like a battery path, gives its current value on subscription. */
function run(steps: readonly Step[], share: MonoTypeOperatorFunction<number>, replaysOnSubscribe: boolean): string[] {
  const log: string[] = [];
  let subject: Subject<number> = replaysOnSubscribe ? new BehaviorSubject(-1) : new Subject();
  let connections = 0;
  const source = new Observable<number>((subscriber) => {
    connections++;
    log.push(`connect (${connections} open)`);
    const inner = subject.subscribe(subscriber);
    return () => {
      connections--;
      log.push(`disconnect (${connections} open)`);
      inner.unsubscribe();
    };
  });
  const shared = source.pipe(share);
  const subscriptions: Subscription[] = [];
  const observe = (name: string, onFirst?: 'nest' | 'leave') => {
    let first = true;
    let leaveNow = false;
    let subscription: Subscription | undefined = undefined;
    subscription = shared.subscribe({
      next: (v) => {
        log.push(`${name} next ${v}`);
        if (!first) return;
        first = false;
        if (onFirst === 'nest') observe(`${name}.inner`);
        if (onFirst === 'leave') {
          if (subscription) subscription.unsubscribe();
          else leaveNow = true; // the value came during subscribe: leave as soon as it returns
        }
      },
      error: () => log.push(`${name} error`),
      complete: () => log.push(`${name} complete`),
    });
    if (leaveNow) subscription.unsubscribe();
    subscriptions.push(subscription);
  };
  steps.forEach((s, i) => {
    switch (s.op) {
      case 'subscribe': return observe(`s${i}`);
      case 'subscribe-nested': return observe(`s${i}`, 'nest');
      case 'subscribe-once': return observe(`s${i}`, 'leave');
      case 'unsubscribe': return subscriptions[s.which % Math.max(1, subscriptions.length)]?.unsubscribe();
      case 'next': return subject.next(s.value);
      case 'complete': return subject.complete();
      case 'error': {
        subject.error(new Error('x'));
        // A driver coming back: a fresh source, as a re-read service would give.
        subject = replaysOnSubscribe ? new BehaviorSubject(-2) : new Subject();
        return;
      }
    }
  });
  return log;
}

for (const replaysOnSubscribe of [true, false]) {
  test(`shareLatest behaves as shareReplay({ bufferSize: 1, refCount: true }) (source ${replaysOnSubscribe ? 'replays its current value' : 'is a plain subject'})`, () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 30 }), (steps) => {
        assert.deepEqual(run(steps, shareLatest(), replaysOnSubscribe), run(steps, shareReplay({ bufferSize: 1, refCount: true }), replaysOnSubscribe));
      }),
      { numRuns: 5000 },
    );
  });
}

test('a subscriber leaving during delivery does not stop the others getting the value', () => {
  const subject = new BehaviorSubject(0);
  const shared = subject.pipe(shareLatest());
  const seen: string[] = [];
  const first = shared.subscribe((v) => {
    seen.push(`a ${v}`);
    if (v === 1) first.unsubscribe();
  });
  shared.subscribe((v) => seen.push(`b ${v}`));
  subject.next(1);
  subject.next(2);
  assert.deepEqual(seen, ['a 0', 'b 0', 'a 1', 'b 1', 'b 2']);
});
