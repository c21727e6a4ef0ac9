import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { asapScheduler, auditTime, Subject } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { endOfInstant } from '../../../src/pipeline/endOfInstant';

/** A marble of frames that are idle, one value, or several values at once; it may end by completing or erroring. */
const marble = fc
  .tuple(
    fc.array(fc.oneof(fc.constant('-'), fc.constantFrom('a', 'b', 'c'), fc.array(fc.constantFrom('a', 'b', 'c'), { minLength: 2, maxLength: 4 }).map((vs) => `(${vs.join('')})`)), { maxLength: 12 }),
    fc.constantFrom('', '|', '#', '(a|)', '(bc|)', '(a#)'), // an end in the same frame as values, too
  )
  .map(([frames, end]) => frames.join('') + end);

const unsubscription = fc.option(fc.nat(14).map((at) => `^${'-'.repeat(at)}!`), { nil: undefined });

/** What `operator` makes of the marble, frame by frame, subscribed as `unsubscribe` says. */
function frames(source: string, unsubscribe: string | undefined, operator: 'endOfInstant' | 'auditTime'): unknown {
  let actual: unknown;
  const scheduler = new TestScheduler((recorded) => (actual = recorded));
  scheduler.run(({ cold, expectObservable }) => {
    const values = cold(source);
    expectObservable(values.pipe(operator === 'endOfInstant' ? endOfInstant(scheduler) : auditTime(0, scheduler)), unsubscribe).toBe('');
  });
  return actual;
}

test('endOfInstant emits what auditTime(0) does, frame by frame, on any marble (2000 runs)', () => {
  fc.assert(
    fc.property(marble, unsubscription, (source, unsubscribe) => {
      assert.deepEqual(frames(source, unsubscribe, 'endOfInstant'), frames(source, unsubscribe, 'auditTime'));
    }),
    { numRuns: 2000 },
  );
});

test('endOfInstant on asapScheduler: one emission per synchronous burst, after it', async () => {
  const source = new Subject<number>();
  const seen: number[] = [];
  source.pipe(endOfInstant(asapScheduler)).subscribe((v) => seen.push(v));
  source.next(1);
  source.next(2);
  source.next(3);
  assert.deepEqual(seen, []);
  await Promise.resolve();
  await Promise.resolve();
  assert.deepEqual(seen, [3]);
  source.next(4);
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(seen, [3, 4]);
});

test('endOfInstant emits nothing once unsubscribed, even with a value pending', async () => {
  const source = new Subject<number>();
  const seen: number[] = [];
  const subscription = source.pipe(endOfInstant(asapScheduler)).subscribe((v) => seen.push(v));
  source.next(1);
  subscription.unsubscribe();
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(seen, []);
});
