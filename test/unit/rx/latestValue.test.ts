import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { ReplaySubject, Subject, map, type Observable } from 'rxjs';
import { LatestValue, observeValues } from '../../../src/rx/latestValue';

type Step =
  | { readonly op: 'subscribe' }
  | { readonly op: 'attach' }
  | { readonly op: 'leave'; readonly which: number }
  | { readonly op: 'next'; readonly value: number }
  | { readonly op: 'complete' }
  /** A subscriber that, on its first value, subscribes another one (re-entrancy). */
  | { readonly op: 'subscribe-nested' }
  /** A subscriber that leaves on its second value, while the source is delivering. */
  | { readonly op: 'subscribe-leaving' };

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 3, arbitrary: fc.constant({ op: 'subscribe' } as const) },
  { weight: 3, arbitrary: fc.constant({ op: 'attach' } as const) },
  { weight: 3, arbitrary: fc.nat(6).map((which) => ({ op: 'leave', which }) as const) },
  { weight: 6, arbitrary: fc.integer({ min: 0, max: 3 }).map((value) => ({ op: 'next', value }) as const) },
  { weight: 1, arbitrary: fc.constant({ op: 'complete' } as const) },
  { weight: 1, arbitrary: fc.constant({ op: 'subscribe-nested' } as const) },
  { weight: 1, arbitrary: fc.constant({ op: 'subscribe-leaving' } as const) },
);

/** The two things under comparison: a value source, how to feed it, and how a listener attaches to it. */
interface Source {
  readonly observable: Observable<number>;
  next(value: number): void;
  complete(): void;
  /** `attach` for LatestValue; the reference subscribes (rxjs has no lighter way). */
  attach(next: (value: number) => void, complete: () => void): () => void;
}

function latestSource(): Source {
  const latest = new LatestValue(-1);
  return { observable: latest, next: (v) => latest.next(v), complete: () => latest.complete(), attach: (next, complete) => latest.attach({ next, complete }) };
}

/** The contract, spelled in rxjs: a one-value replay seeded with the initial value (it replays after completion too). */
function referenceSource(): Source {
  const replay = new ReplaySubject<number>(1);
  replay.next(-1);
  return {
    observable: replay,
    next: (v) => replay.next(v),
    complete: () => replay.complete(),
    attach: (next, complete) => {
      const subscription = replay.subscribe({ next, complete });
      return () => subscription.unsubscribe();
    },
  };
}

function run(steps: readonly Step[], source: Source): string[] {
  const log: string[] = [];
  const leaves: (() => void)[] = [];
  const observe = (name: string, mode: 'plain' | 'nest' | 'leave') => {
    let seen = 0;
    // The second value never comes during subscribe (that gives the current one only), so `subscription` is set.
    const subscription = source.observable.subscribe({
      next: (v) => {
        log.push(`${name} next ${v}`);
        seen++;
        if (mode === 'nest' && seen === 1) observe(`${name}.inner`, 'plain');
        if (mode === 'leave' && seen === 2) subscription.unsubscribe();
      },
      complete: () => log.push(`${name} complete`),
    });
    leaves.push(() => subscription.unsubscribe());
  };
  steps.forEach((s, i) => {
    const name = `s${i}`;
    if (s.op === 'subscribe') observe(name, 'plain');
    else if (s.op === 'subscribe-nested') observe(name, 'nest');
    else if (s.op === 'subscribe-leaving') observe(name, 'leave');
    else if (s.op === 'attach') leaves.push(source.attach((v) => log.push(`${name} next ${v}`), () => log.push(`${name} complete`)));
    else if (s.op === 'leave') leaves[s.which % Math.max(1, leaves.length)]?.();
    else if (s.op === 'next') source.next(s.value);
    else source.complete();
  });
  return log;
}

test('LatestValue delivers exactly what a seeded one-value replay does, attached or subscribed (5000 runs)', () => {
  fc.assert(
    fc.property(fc.array(step, { maxLength: 30 }), (steps) => {
      assert.deepEqual(run(steps, latestSource()), run(steps, referenceSource()));
    }),
    { numRuns: 5000 },
  );
});

test('derive keeps the projection current, projects each value once, and replays it after completion', () => {
  const source = new LatestValue(1);
  const projected: number[] = []; // a wrong kind is reported from the projection: once per value, not per reader
  const doubled = source.derive((v) => (projected.push(v), v * 2));
  const seen: string[] = [];
  doubled.subscribe({ next: (v) => seen.push(`${v}`), complete: () => seen.push('done') });
  source.next(2);
  source.next(3);
  source.complete();
  source.next(4); // after completion: ignored
  doubled.subscribe({ next: (v) => seen.push(`late ${v}`), complete: () => seen.push('late done') });
  assert.deepEqual(seen, ['2', '4', '6', 'done', 'late 6', 'late done']);
  assert.deepEqual(projected, [1, 2, 3]);
  const ofCompleted = source.derive((v) => v + 1);
  const late: string[] = [];
  ofCompleted.subscribe({ next: (v) => late.push(`${v}`), complete: () => late.push('done') });
  assert.deepEqual(late, ['4', 'done']);
});

test('observeValues attaches to a LatestValue and subscribes to anything else, and both tear down', () => {
  const latest = new LatestValue(0);
  const subject = new Subject<number>();
  const seen: string[] = [];
  const fromLatest = observeValues(latest, (v) => seen.push(`latest ${v}`));
  const fromSubject = observeValues(subject.pipe(map((v) => v * 10)), (v) => seen.push(`subject ${v}`));
  latest.next(1);
  subject.next(1);
  assert.equal(typeof fromLatest, 'function'); // attached, not subscribed
  (fromLatest as () => void)();
  (fromSubject as { unsubscribe(): void }).unsubscribe();
  latest.next(2);
  subject.next(2);
  assert.deepEqual(seen, ['latest 0', 'latest 1', 'subject 10']);
});
