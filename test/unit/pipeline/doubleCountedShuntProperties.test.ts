import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { Value } from '../../../src/battery/value';
import { carriesTheSum, doubleCountedShunt, type ShuntOptions, type ShuntSuspect } from '../../../src/pipeline/guards/doubleCountedShunt';
import { marbleBank, marbleBattery, testScheduler } from '../../../marbles/support/marbleBank';

const P = 'com.victronenergy.battery.';
const options = fc.record({
  tolerance: fc.double({ min: 0.01, max: 0.3, noNaN: true }),
  minCurrent: fc.double({ min: 0.5, max: 10, noNaN: true }),
  // frames (1 frame = 1 ms)
  duration: fc.integer({ min: 0, max: 20 }).map((frames) => frames / 1000),
  // shorter than a step: a step's batteries change one after the other, so it passes through mixed states
  grace: fc.integer({ min: 0, max: 5 }).map((frames) => frames / 1000),
});
const amps = fc.double({ min: -150, max: 150, noNaN: true });

/** Runs the detector over batteries whose currents take `steps[k][i]` at frame 10 k, held after the last; the suspects. */
function run(steps: readonly (readonly number[])[], opts: ShuntOptions): ShuntSuspect[] {
  const found: ShuntSuspect[] = [];
  const scheduler = testScheduler();
  scheduler.run((helpers) => {
    const marble = steps.map((_, k) => String.fromCharCode(97 + k)).join('-'.repeat(9));
    const batteries = steps[0]!.map((_, i) => {
      const values: Record<string, Value> = Object.fromEntries(steps.map((step, k) => [String.fromCharCode(97 + k), step[i]!]));
      return marbleBattery(helpers, `${P}b${i}`, { '/Dc/0/Current': [marble, values] });
    });
    marbleBank(helpers, 'x', { x: batteries }).pipe(doubleCountedShunt(opts, scheduler)).subscribe((s) => found.push(s));
  });
  return found;
}

test('property: a bank whose currents are drawn apart by more than the tolerance never names a battery', () => {
  fc.assert(
    fc.property(
      options,
      fc.integer({ min: 3, max: 6 }).chain((n) => fc.array(fc.array(amps, { minLength: n, maxLength: n }), { minLength: 1, maxLength: 8 })),
      (opts, steps) => {
        // apart: every battery's current is off the others' sum by more than the tolerance plus the floor (or idle)
        for (const step of steps) {
          const total = step.reduce((a, b) => a + b, 0);
          for (const x of step) {
            const others = total - x;
            fc.pre(Math.abs(x - others) > opts.tolerance * Math.abs(others) + opts.minCurrent / 4 || Math.abs(others) < opts.minCurrent);
          }
        }
        const found = run(steps, opts);
        assert.deepEqual(found, []);
      },
    ),
    { numRuns: 10_000 },
  );
});

test('property: a shunt carrying the sum of two or more packs, held for the duration, is named once; any other named one matches too', () => {
  fc.assert(
    fc.property(
      options,
      fc.array(amps, { minLength: 2, maxLength: 5 }),
      fc.double({ min: -1, max: 1, noNaN: true }),
      fc.nat({ max: 5 }),
      (opts, packs, noise, at) => {
        const sum = packs.reduce((a, b) => a + b, 0);
        fc.pre(Math.abs(sum) >= opts.minCurrent);
        // the shunt reads the sum within half the tolerance
        const shunt = sum + (noise * opts.tolerance * Math.abs(sum)) / 2;
        const place = at % (packs.length + 1);
        const currents = [...packs.slice(0, place), shunt, ...packs.slice(place)];
        const found = run([currents], opts);
        const shuntId = `${P}b${place}`;
        assert.equal(found.filter((s) => s.id === shuntId).length, 1, 'the shunt is named once');
        const total = currents.reduce((a, b) => a + b, 0);
        for (const suspect of found) {
          const i = Number(suspect.id.slice(`${P}b`.length));
          assert.ok(carriesTheSum(currents[i]!, total - currents[i]!, opts), `${suspect.id} named but does not match`);
        }
      },
    ),
    { numRuns: 10_000 },
  );
});
