import { test } from 'node:test';
import { marbleBank, marbleBattery, testScheduler } from './support/marbleBank';
import { currentLimit } from '../src/pipeline/limits/currentLimit';
import type { Value } from '../src/battery/value';

const A = 'com.victronenergy.battery.a';
const B = 'com.victronenergy.battery.b';
const C = 'com.victronenergy.battery.c';

const ccl = () => currentLimit('/Info/MaxChargeCurrent', '/Io/AllowToCharge');
const dcl = () => currentLimit('/Info/MaxDischargeCurrent', '/Io/AllowToDischarge');

/** A battery with a fixed own charge current limit and allow-to-charge flag (`undefined`: path not published). */
const charging = (helpers: Parameters<typeof marbleBattery>[0], id: string, limit: Value, allow?: Value) =>
  marbleBattery(helpers, id, {
    '/Info/MaxChargeCurrent': ['l', { l: limit }],
    ...(allow === undefined ? {} : { '/Io/AllowToCharge': ['f', { f: allow }] }),
  });

test('count: the bank CCL is the smallest own limit times the number of connected batteries (50, 90, 150 A -> 150 A)', () => {
  testScheduler().run((helpers) => {
    const bank$ = marbleBank(helpers, 'x', { x: [charging(helpers, A, 50, 1), charging(helpers, B, 90, 1), charging(helpers, C, 150, 1)] });
    helpers.expectObservable(bank$.pipe(ccl())).toBe('l', { l: 150 });
  });
});

test('count: a battery whose allow flag is 0 is not connected: it neither limits the bank nor counts', () => {
  testScheduler().run((helpers) => {
    const a = marbleBattery(helpers, A, { '/Info/MaxChargeCurrent': ['l', { l: 50 }], '/Io/AllowToCharge': ['o-b-o', { o: 1, b: 0 }] });
    const b = charging(helpers, B, 90, 1);
    const bank$ = marbleBank(helpers, 'x', { x: [a, b] });
    // both: min(50 x 2, 90 x 2) = 100; a blocked: 90 x 1
    helpers.expectObservable(bank$.pipe(ccl())).toBe('c-b-c', { c: 100, b: 90 });
  });
});

test('count: a battery without an allow flag, or with an invalid one, counts as connected', () => {
  testScheduler().run((helpers) => {
    const a = charging(helpers, A, 50);
    const b = charging(helpers, B, 90, null);
    const c = charging(helpers, C, 150, 1);
    const bank$ = marbleBank(helpers, 'x', { x: [a, b, c] });
    helpers.expectObservable(bank$.pipe(ccl())).toBe('l', { l: 150 });
  });
});

test('count: a connected battery without a limit of its own still counts as connected', () => {
  testScheduler().run((helpers) => {
    const a = charging(helpers, A, null, 1);
    const b = charging(helpers, B, 90, 1);
    const bank$ = marbleBank(helpers, 'x', { x: [a, b] });
    helpers.expectObservable(bank$.pipe(ccl())).toBe('l', { l: 180 });
  });
});

test('all batteries blocked: the bank CCL is 0 when some battery has a positive limit', () => {
  testScheduler().run((helpers) => {
    const a = marbleBattery(helpers, A, { '/Info/MaxChargeCurrent': ['l', { l: 50 }], '/Io/AllowToCharge': ['o-b', { o: 1, b: 0 }] });
    const b = charging(helpers, B, 90, 0);
    const bank$ = marbleBank(helpers, 'x', { x: [a, b] });
    helpers.expectObservable(bank$.pipe(ccl())).toBe('l-z', { l: 50, z: 0 });
  });
});

test('invalid when no battery has a limit, and for an empty bank', () => {
  testScheduler().run((helpers) => {
    const a = marbleBattery(helpers, A, { '/Info/MaxChargeCurrent': ['n-l-n', { n: null, l: 50 }], '/Io/AllowToCharge': ['o', { o: 1 }] });
    const b = charging(helpers, B, null);
    const bank$ = marbleBank(helpers, 'e-x', { e: [], x: [a, b] });
    helpers.expectObservable(bank$.pipe(ccl())).toBe('n-c-n', { n: null, c: 100 });
  });
});

test('a negative own limit counts as 0, so the bank limit is never negative', () => {
  testScheduler().run((helpers) => {
    const a = marbleBattery(helpers, A, { '/Info/MaxChargeCurrent': ['m-p', { m: -5, p: 50 }] });
    const b = charging(helpers, B, 90);
    const bank$ = marbleBank(helpers, 'x', { x: [a, b] });
    helpers.expectObservable(bank$.pipe(ccl())).toBe('z-c', { z: 0, c: 100 });
  });
});

test('the limit is recomputed when batteries join and leave, and not re-emitted when it does not change', () => {
  testScheduler().run((helpers) => {
    const a = marbleBattery(helpers, A, { '/Info/MaxChargeCurrent': ['l---m', { l: 50, m: 60 }] });
    const b = marbleBattery(helpers, B, { '/Info/MaxChargeCurrent': ['l-----m', { l: 90, m: 100 }] });
    const bank$ = marbleBank(helpers, 'x-y-----z', { x: [a], y: [a, b], z: [b] });
    // a: 50; a+b: 100; a at 60: 120; b at 100: still 120 (not re-emitted); a leaves: 100
    helpers.expectObservable(bank$.pipe(ccl())).toBe('a-b-c---b', { a: 50, b: 100, c: 120 });
  });
});

test('a restarted battery\'s old limit and allow flag do not survive', () => {
  testScheduler().run((helpers) => {
    const old = charging(helpers, A, 10, 1);
    const restarted = marbleBattery(helpers, A, { '/Io/AllowToCharge': ['---z', { z: 0 }], '/Info/MaxChargeCurrent': ['-----l', { l: 80 }] });
    const b = charging(helpers, B, 90, 1);
    const bank$ = marbleBank(helpers, 'x-y', { x: [old, b], y: [restarted, b] });
    // old a limits the bank to 10 x 2; the restarted a has no limit and no flag yet (connected): 90 x 2;
    // then it is blocked: 90 x 1; then it reports 80 A, still blocked: unchanged
    helpers.expectObservable(bank$.pipe(ccl())).toBe('a-bc', { a: 20, b: 180, c: 90 });
  });
});

test('DCL: the same rule with /Info/MaxDischargeCurrent and /Io/AllowToDischarge', () => {
  testScheduler().run((helpers) => {
    const a = marbleBattery(helpers, A, {
      '/Info/MaxDischargeCurrent': ['l', { l: 100 }],
      '/Io/AllowToDischarge': ['o-b', { o: 1, b: 0 }],
      '/Io/AllowToCharge': ['b', { b: 0 }],
    });
    const b = marbleBattery(helpers, B, { '/Info/MaxDischargeCurrent': ['l', { l: 150 }], '/Io/AllowToDischarge': ['o', { o: 1 }] });
    const bank$ = marbleBank(helpers, 'x', { x: [a, b] });
    helpers.expectObservable(bank$.pipe(dcl())).toBe('a-b', { a: 200, b: 150 });
  });
});
