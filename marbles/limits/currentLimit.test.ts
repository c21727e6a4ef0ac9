import { test } from 'node:test';
import { marbleBank, marbleBattery, testScheduler } from '../support/marbleBank';
import { limitOutput } from './limitOutput';
import type { Value } from '../../src/battery/value';
import type { ConfigFile } from '../../src/config/codec';

const A = 'com.victronenergy.battery.a';
const B = 'com.victronenergy.battery.b';
const C = 'com.victronenergy.battery.c';
const CCL = '/Info/MaxChargeCurrent';
const DCL = '/Info/MaxDischargeCurrent';
const COUNT: ConfigFile = { currentRatioMethod: 'count' };
const CAPACITY: ConfigFile = { currentRatioMethod: 'capacity' };

type Helpers = Parameters<typeof marbleBattery>[0];

/** A battery with a fixed own CCL, allow flag (`undefined`: not published) and capacity. */
const charging = (helpers: Helpers, id: string, limit: Value, allow?: Value, capacity?: number) =>
  marbleBattery(helpers, id, {
    [CCL]: ['l', { l: limit }],
    ...(allow === undefined ? {} : { '/Io/AllowToCharge': ['f', { f: allow }] }),
    ...(capacity === undefined ? {} : { '/InstalledCapacity': ['c', { c: capacity }] }),
  });

test('count: the bank CCL is the smallest own limit times the number of connected batteries (50, 90, 150 A -> 150 A)', () => {
  testScheduler().run((helpers) => {
    const bank$ = marbleBank(helpers, 'x', { x: [charging(helpers, A, 50, 1), charging(helpers, B, 90, 1), charging(helpers, C, 150, 1)] });
    helpers.expectObservable(limitOutput(bank$, CCL, COUNT)).toBe('l', { l: 150 });
  });
});

test('capacity: 100, 200, 300 Ah share as 1/6, 1/3, 1/2, so 50, 90, 150 A allow 300, 270, 300 -> 270 A', () => {
  testScheduler().run((helpers) => {
    const bank$ = marbleBank(helpers, 'x', {
      x: [charging(helpers, A, 50, 1, 100), charging(helpers, B, 90, 1, 200), charging(helpers, C, 150, 1, 300)],
    });
    helpers.expectObservable(limitOutput(bank$, CCL, CAPACITY)).toBe('l', { l: 270 });
  });
});

test('capacity falls back to count while a connected battery has no capacity, and back when it reports one', () => {
  testScheduler().run((helpers) => {
    const a = charging(helpers, A, 50, 1, 100);
    const b = marbleBattery(helpers, B, { [CCL]: ['l', { l: 90 }], '/InstalledCapacity': ['n--c', { n: null, c: 200 }] });
    const bank$ = marbleBank(helpers, 'x', { x: [a, b] });
    // count: min(50 x 2, 90 x 2) = 100; capacity 100 + 200: min(50 x 3, 90 x 1.5) = 135
    helpers.expectObservable(limitOutput(bank$, CCL, CAPACITY)).toBe('a--b', { a: 100, b: 135 });
  });
});

test('ir without resistances yet falls back to capacity (the default method)', () => {
  testScheduler().run((helpers) => {
    const bank$ = marbleBank(helpers, 'x', {
      x: [charging(helpers, A, 50, 1, 100), charging(helpers, B, 90, 1, 200), charging(helpers, C, 150, 1, 300)],
    });
    helpers.expectObservable(limitOutput(bank$, CCL)).toBe('l', { l: 270 });
  });
});

test('a battery whose allow flag is 0 is not connected: it neither limits the bank nor takes a share', () => {
  testScheduler().run((helpers) => {
    const a = marbleBattery(helpers, A, { [CCL]: ['l', { l: 50 }], '/Io/AllowToCharge': ['o-b-o', { o: 1, b: 0 }], '/InstalledCapacity': ['c', { c: 100 }] });
    const b = charging(helpers, B, 90, 1, 300);
    const bank$ = marbleBank(helpers, 'x', { x: [a, b] });
    // both: min(50 x 4, 90 x 4/3) = 120; a blocked: b alone, ratio 1: 90
    helpers.expectObservable(limitOutput(bank$, CCL, CAPACITY)).toBe('c-b-c', { c: 120, b: 90 });
  });
});

test('a battery without an allow flag, or with an invalid one, counts as connected; one without a limit still takes a share', () => {
  testScheduler().run((helpers) => {
    const bank$ = marbleBank(helpers, 'x', { x: [charging(helpers, A, 50), charging(helpers, B, null, null), charging(helpers, C, 150, 1)] });
    helpers.expectObservable(limitOutput(bank$, CCL, COUNT)).toBe('l', { l: 150 });
  });
});

test('all batteries blocked: 0 when some battery has a positive limit; invalid when none has a limit, and for an empty bank', () => {
  testScheduler().run((helpers) => {
    const a = marbleBattery(helpers, A, { [CCL]: ['l---n', { l: 50, n: null }], '/Io/AllowToCharge': ['o--b', { o: 1, b: 0 }] });
    const b = charging(helpers, B, null, 0);
    const bank$ = marbleBank(helpers, 'e-x', { e: [], x: [a, b] });
    // empty: invalid; a alone connected: 50; a blocked too: 0; a's limit gone: invalid
    helpers.expectObservable(limitOutput(bank$, CCL, COUNT)).toBe('n-lzn', { n: null, l: 50, z: 0 });
  });
});

test('a negative own limit counts as 0, so the bank limit is never negative', () => {
  testScheduler().run((helpers) => {
    const a = marbleBattery(helpers, A, { [CCL]: ['m-p', { m: -5, p: 50 }] });
    const bank$ = marbleBank(helpers, 'x', { x: [a, charging(helpers, B, 90)] });
    helpers.expectObservable(limitOutput(bank$, CCL, COUNT)).toBe('z-c', { z: 0, c: 100 });
  });
});

test('recomputed when batteries join and leave, and not re-emitted when it does not change', () => {
  testScheduler().run((helpers) => {
    const a = marbleBattery(helpers, A, { [CCL]: ['l---m', { l: 50, m: 60 }] });
    const b = marbleBattery(helpers, B, { [CCL]: ['l-----m', { l: 90, m: 100 }] });
    const bank$ = marbleBank(helpers, 'x-y-----z', { x: [a], y: [a, b], z: [b] });
    // a: 50; a+b: 100; a at 60: 120; b at 100: still 120 (not re-emitted); a leaves: 100
    helpers.expectObservable(limitOutput(bank$, CCL, COUNT)).toBe('a-b-c---b', { a: 50, b: 100, c: 120 });
  });
});

test('a restarted battery\'s old limit and allow flag do not survive', () => {
  testScheduler().run((helpers) => {
    const old = charging(helpers, A, 10, 1);
    const restarted = marbleBattery(helpers, A, { '/Io/AllowToCharge': ['---z', { z: 0 }], [CCL]: ['-----l', { l: 80 }] });
    const b = charging(helpers, B, 90, 1);
    const bank$ = marbleBank(helpers, 'x-y', { x: [old, b], y: [restarted, b] });
    helpers.expectObservable(limitOutput(bank$, CCL, COUNT)).toBe('a-bc', { a: 20, b: 180, c: 90 });
  });
});

test('DCL: the same rule with /Info/MaxDischargeCurrent and /Io/AllowToDischarge, by capacity', () => {
  testScheduler().run((helpers) => {
    const a = marbleBattery(helpers, A, {
      [DCL]: ['l', { l: 100 }],
      '/Io/AllowToDischarge': ['o-b', { o: 1, b: 0 }],
      '/Io/AllowToCharge': ['b', { b: 0 }],
      '/InstalledCapacity': ['c', { c: 100 }],
    });
    const b = marbleBattery(helpers, B, { [DCL]: ['l', { l: 150 }], '/Io/AllowToDischarge': ['o', { o: 1 }], '/InstalledCapacity': ['c', { c: 200 }] });
    const bank$ = marbleBank(helpers, 'x', { x: [a, b] });
    // min(100 x 3, 150 x 1.5) = 225; a blocked: 150
    helpers.expectObservable(limitOutput(bank$, DCL)).toBe('a-b', { a: 225, b: 150 });
  });
});
