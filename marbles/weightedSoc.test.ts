import { test } from 'node:test';
import { marbleBank, marbleBattery, testScheduler } from './support/marbleBank';
import { weightedSoc } from '../src/pipeline/aggregate/weightedSoc';
import { bankTimeToGo } from '../src/pipeline/aggregate/bankTimeToGo';

const battery = (helpers: Parameters<Parameters<ReturnType<typeof testScheduler>['run']>[0]>[0], name: string, soc: [string, Record<string, number | null>], capacity: [string, Record<string, number | null>]) =>
  marbleBattery(helpers, `com.victronenergy.battery.${name}`, { '/Soc': soc, '/InstalledCapacity': capacity });

test('weightedSoc as batteries join and leave: 100, 200 and 280 Ah at 50, 80 and 90 % make 79.7 %', () => {
  testScheduler().run((helpers) => {
    const a = battery(helpers, 'a', ['s', { s: 50 }], ['c', { c: 100 }]);
    const b = battery(helpers, 'b', ['s', { s: 80 }], ['c', { c: 200 }]);
    const c = battery(helpers, 'c', ['s', { s: 90 }], ['c', { c: 280 }]);
    const bank$ = marbleBank(helpers, 'x-y-z-w', { x: [a], y: [a, b], z: [a, b, c], w: [b, c] });
    helpers.expectObservable(bank$.pipe(weightedSoc())).toBe('x-y-z-w', {
      x: 50,
      y: (50 * 100 + 80 * 200) / (100 + 200),
      z: (50 * 100 + 80 * 200 + 90 * 280) / (100 + 200 + 280), // 79.66 %, the mean says 73.3 %
      w: (80 * 200 + 90 * 280) / (200 + 280),
    });
  });
});

test('weightedSoc follows SoC changes and a loss of capacity; the plain mean while a battery has no capacity', () => {
  testScheduler().run((helpers) => {
    const a = battery(helpers, 'a', ['s--t----', { s: 50, t: 40 }], ['c----d-n', { c: 100, d: 50, n: null }]);
    const b = battery(helpers, 'b', ['s', { s: 80 }], ['c', { c: 200 }]);
    const bank$ = marbleBank(helpers, 'x', { x: [a, b] });
    helpers.expectObservable(bank$.pipe(weightedSoc())).toBe('x--y-z-m', {
      x: (50 * 100 + 80 * 200) / 300,
      y: (40 * 100 + 80 * 200) / 300,
      z: (40 * 50 + 80 * 200) / 250, // an aged pack weighs less
      m: (40 + 80) / 2, // capacity unknown: the weights are, too
    });
  });
});

test('weightedSoc skips a battery without a SoC, and is 0 when no battery has one', () => {
  testScheduler().run((helpers) => {
    const a = battery(helpers, 'a', ['s-n', { s: 50, n: null }], ['c', { c: 100 }]);
    const b = battery(helpers, 'b', ['n', { n: null }], ['n', { n: null }]);
    const bank$ = marbleBank(helpers, 'x', { x: [a, b] });
    helpers.expectObservable(bank$.pipe(weightedSoc())).toBe('x-0', { x: 50, 0: 0 });
  });
});

test('bankTimeToGo: remaining Ah over the discharge current; invalid while charging or at rest, back when discharge resumes', () => {
  testScheduler().run(({ cold, expectObservable }) => {
    const capacity$ = cold('c-------d', { c: 462, d: 231 });
    const current$ = cold('a-b-r-e--', { a: -46.2, b: 5, r: -0.05, e: -23.1 });
    expectObservable(bankTimeToGo(capacity$, current$)).toBe('a-n---e-d', { a: (462 / 46.2) * 3600, n: null, e: (462 / 23.1) * 3600, d: (231 / 23.1) * 3600 });
  });
});
