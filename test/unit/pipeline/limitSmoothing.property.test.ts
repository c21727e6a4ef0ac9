import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { Subject, VirtualAction, VirtualTimeScheduler, tap } from 'rxjs';
import { RAMP_STEP_MS, limitSmoothing } from '../../../src/pipeline/guards/limitSmoothing';

const RUNS = 10_000;

/** The rule's limit over time: a value after a pause (ms); `null` is an invalid limit. */
const limitValue = fc.oneof(
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 4, arbitrary: fc.integer({ min: 0, max: 300 }) },
  { weight: 2, arbitrary: fc.double({ min: 0, max: 300, noNaN: true }) },
);
const inputs = fc.array(fc.record({ pause: fc.integer({ min: 0, max: 4000 }), value: limitValue }), { minLength: 1, maxLength: 25 });
const rampRate = fc.oneof(fc.constantFrom(1, 2, 5, 20), fc.double({ min: 0.5, max: 50, noNaN: true }));

type Entry = { readonly at: number; readonly kind: 'in' | 'out'; readonly value: number | null };

/**
 * Runs the operator over the inputs in virtual time; returns every input and output in the order they happened.
 * The scheduler stops at a horizon far past the last possible step, so a timer left running shows as a pending action.
 */
function run(rate: number, series: ReadonlyArray<{ pause: number; value: number | null }>): { log: Entry[]; pending: number; lastInput: number } {
  const horizon = series.reduce((t, s) => t + s.pause, 0) + (300 / rate + 5) * RAMP_STEP_MS;
  const scheduler = new VirtualTimeScheduler(VirtualAction, horizon);
  const log: Entry[] = [];
  const rule$ = new Subject<number | null>();
  rule$
    .pipe(
      tap((value) => log.push({ at: scheduler.now(), kind: 'in', value })),
      limitSmoothing(rate, (value: number | null) => value, scheduler),
    )
    .subscribe(({ value }) => log.push({ at: scheduler.now(), kind: 'out', value }));
  let at = 0;
  for (const { pause, value } of series) {
    at += pause;
    scheduler.schedule(() => rule$.next(value), at);
  }
  scheduler.flush();
  return { log, pending: scheduler.actions.length, lastInput: at };
}

test('smoothing never publishes above the unsmoothed limit, at any instant', () => {
  fc.assert(
    fc.property(rampRate, inputs, (rate, series) => {
      const { log } = run(rate, series);
      let rule: number | null | undefined;
      for (let i = 0; i < log.length; i++) {
        const entry = log[i]!;
        if (entry.kind === 'in') {
          rule = entry.value;
          // each input is answered in the same instant, before anything else happens
          const answer = log[i + 1];
          assert.ok(answer !== undefined && answer.kind === 'out' && answer.at === entry.at, 'an input without its output in the same instant');
          continue;
        }
        assert.notEqual(rule, undefined, 'an output before any input');
        if (rule === null) assert.equal(entry.value, null, 'a number published while the rule has none');
        else assert.ok(entry.value !== null && entry.value <= rule!, `published ${entry.value} above the rule's ${rule}`);
      }
    }),
    { numRuns: RUNS },
  );
});

test('smoothing never lags a decrease: a rule below the published value is published in the same instant', () => {
  fc.assert(
    fc.property(rampRate, inputs, (rate, series) => {
      const { log } = run(rate, series);
      let published: number | null = null;
      for (let i = 0; i < log.length; i++) {
        const entry = log[i]!;
        if (entry.kind === 'out') {
          published = entry.value;
          continue;
        }
        const answer = log[i + 1]!;
        if (entry.value === null || (published !== null && entry.value <= published)) {
          assert.equal(answer.value, entry.value, `the rule fell to ${entry.value} from the published ${published}, published ${answer.value}`);
          assert.equal(answer.at, entry.at);
        }
      }
    }),
    { numRuns: RUNS },
  );
});

test('with the rule steady, smoothing reaches it within ceil(diff / rampRate) + 1 s, then no timer is left', () => {
  fc.assert(
    fc.property(rampRate, inputs, (rate, series) => {
      const { log, pending, lastInput } = run(rate, series);
      const last = series.at(-1)!.value;
      let at = log.length - 1;
      while (log[at]!.kind !== 'in') at--;
      const before = log[at - 1]; // what was published when the rule took its last value
      const outputs = log.slice(at + 1);
      const final = outputs.at(-1)!;
      assert.equal(final.value, last, 'not converged');
      assert.equal(pending, 0, 'a timer still runs with the rule steady');
      if (last === null || before === undefined || before.value === null || before.kind !== 'out' || last <= before.value) {
        assert.equal(outputs.length, 1, 'a fall, a first or an invalid value: one output, no ramp');
        return;
      }
      const bound = (Math.ceil((last - before.value) / rate) + 1) * RAMP_STEP_MS;
      assert.ok(final.at - lastInput <= bound, `converged after ${final.at - lastInput} ms, more than ${bound} ms`);
      for (let i = 1; i < outputs.length; i++) assert.ok(outputs[i]!.value! >= outputs[i - 1]!.value!, 'a ramp that falls back');
    }),
    { numRuns: RUNS },
  );
});

test('a steady limit schedules nothing: no timer exists while not ramping', () => {
  const scheduler = new VirtualTimeScheduler();
  const rule$ = new Subject<number | null>();
  const out: (number | null)[] = [];
  rule$.pipe(limitSmoothing(2, (v: number | null) => v, scheduler)).subscribe(({ value }) => out.push(value));
  rule$.next(40);
  rule$.next(30);
  rule$.next(null);
  rule$.next(50);
  assert.equal(scheduler.actions.length, 0);
  rule$.next(52);
  assert.equal(scheduler.actions.length, 1, 'a rise: one timer');
  scheduler.flush();
  assert.equal(scheduler.actions.length, 0, 'caught up: the timer is gone');
  assert.deepEqual(out, [40, 30, null, 50, 50, 52]);
});
