import assert from 'node:assert/strict';
import { test } from 'node:test';
import { map, type Observable } from 'rxjs';
import type { Bank } from '../src/battery/bank';
import type { Value } from '../src/battery/value';
import { doubleCountedShunt, shuntWarnings, type ShuntSuspect } from '../src/pipeline/guards/doubleCountedShunt';
import { testConfig } from '../test/helpers/config';
import { marbleBank, marbleBattery, testScheduler } from './support/marbleBank';
import { pipelineOver } from './support/pipelineOutputs';

const P = 'com.victronenergy.battery.';
const CURRENT = '/Dc/0/Current';
// Virtual time: 1 frame = 1 ms, so duration 0.005 s is 5 frames, a grace of 0.003 s 3 frames.
const OPTIONS = { tolerance: 0.05, minCurrent: 2, duration: 0.005, grace: 0.003 };
const FILE = { doubleCountedShunt: { duration: 0.005 } };
type Helpers = Parameters<Parameters<ReturnType<typeof testScheduler>['run']>[0]>[0];

/** A battery whose current follows `marble` (values in A: digits and a few letters). */
function battery(helpers: Helpers, id: string, marble: string, extra: Record<string, readonly [string, Record<string, Value>?]> = {}) {
  const amps: Record<string, Value> = { 0: 0, 1: 10, 2: 12, 3: 8, 4: 30, 5: 30.9, 6: 40, n: null, i: 0.3, j: 0.4, k: 0.7, m: -10, p: -12, q: -8, r: -30 };
  return marbleBattery(helpers, `${P}${id}`, { [CURRENT]: [marble, amps], ...extra });
}

/** The suspects' ids, as the detector names them. */
function suspects(bank$: Observable<Bank>, scheduler: ReturnType<typeof testScheduler>, options = OPTIONS, notJudged?: ReadonlySet<string>): Observable<string> {
  return bank$.pipe(
    doubleCountedShunt(options, scheduler, notJudged),
    map((s: ShuntSuspect) => s.id.slice(P.length)),
  );
}

test('a shunt carrying the sum of three packs is named once, after the duration, and not again', () => {
  const scheduler = testScheduler();
  scheduler.run((helpers) => {
    // 10 + 12 + 8 = 30 A: the shunt reads 30 A, then 30.9 A (within 5 %), and keeps matching for long after
    const bank$ = marbleBank(helpers, 'x', {
      x: [battery(helpers, 'a', '1'), battery(helpers, 'b', '2'), battery(helpers, 'c', '3'), battery(helpers, 'shunt', '4-5--4', { '/ProductName': ['s', { s: 'SmartShunt' }] })],
    });
    const found: ShuntSuspect[] = [];
    helpers.expectObservable(bank$.pipe(doubleCountedShunt(OPTIONS, scheduler), map((s) => (found.push(s), s.id.slice(P.length))))).toBe('-----s', { s: 'shunt' });
    helpers.flush();
    assert.deepEqual(found, [{ id: `${P}shunt`, name: 'SmartShunt', current: 30, othersSum: 30 }]);
  });
});

test('the warning names the battery and gives the config that fixes it', () => {
  const scheduler = testScheduler();
  scheduler.run((helpers) => {
    const bank$ = marbleBank(helpers, 'x', {
      x: [battery(helpers, 'a', '1'), battery(helpers, 'b', '2'), battery(helpers, 'c', '3'), battery(helpers, 'ttyS5', '4', { '/CustomName': ['s', { s: 'House shunt' }], '/ProductName': ['p', { p: 'SmartShunt' }] })],
    });
    helpers.expectObservable(shuntWarnings(bank$, testConfig(FILE), scheduler)).toBe('-----w', {
      w:
        `shunt counted twice: battery "House shunt" (${P}ttyS5) carries the sum of the other batteries' current (30 A against 30 A for 0.005 s): ` +
        `it measures the whole bank and is counted twice. Fix: read it instead of aggregating it, "primaryServices": {"${P}ttyS5": ["/Dc/0/Current"]} ` +
        `(add it to the ones you have; its current becomes the bank's), or leave it out, "excludedServices": ["${P}ttyS5"]`,
    });
  });
});

test('discharging works the same; a sign that disagrees never matches', () => {
  const scheduler = testScheduler();
  scheduler.run((helpers) => {
    const discharging = marbleBank(helpers, 'x', { x: [battery(helpers, 'a', 'm'), battery(helpers, 'b', 'p'), battery(helpers, 'c', 'q'), battery(helpers, 'shunt', 'r')] });
    helpers.expectObservable(suspects(discharging, scheduler)).toBe('-----s', { s: 'shunt' });
    const inverted = marbleBank(helpers, 'x', { x: [battery(helpers, 'd', 'm'), battery(helpers, 'e', 'p'), battery(helpers, 'f', 'q'), battery(helpers, 'wrongWay', '4')] });
    helpers.expectObservable(suspects(inverted, scheduler)).toBe('');
  });
});

test('a mismatch longer than the grace breaks the match and restarts its window; a shorter one does not', () => {
  const scheduler = testScheduler();
  scheduler.run((helpers) => {
    const packs = () => [battery(helpers, 'a', '1'), battery(helpers, 'b', '2'), battery(helpers, 'c', '3')];
    // off (40 A) at 4..7, broken at 7, matches again from 8: named at 13
    const long$ = marbleBank(helpers, 'x', { x: [...packs(), battery(helpers, 'shunt', '4---6---4')] });
    helpers.expectObservable(suspects(long$, scheduler)).toBe('-------------s', { s: 'shunt' });
    // off at 2..3 only: the window from 0 goes on, named at 5
    const brief$ = marbleBank(helpers, 'x', { x: [...packs(), battery(helpers, 'brief', '4-6-4')] });
    helpers.expectObservable(suspects(brief$, scheduler)).toBe('-----s', { s: 'brief' });
    // the window ends at 5 during a mismatch from 4: named when they match again at 6
    const late$ = marbleBank(helpers, 'x', { x: [...packs(), battery(helpers, 'late', '4---6-4')] });
    helpers.expectObservable(suspects(late$, scheduler)).toBe('------s', { s: 'late' });
  });
});

test('matching for less than the duration names nobody', () => {
  const scheduler = testScheduler();
  scheduler.run((helpers) => {
    const short$ = marbleBank(helpers, 'x', { x: [battery(helpers, 'd', '1'), battery(helpers, 'e', '2'), battery(helpers, 'f', '3'), battery(helpers, 'g', '4---6')] });
    helpers.expectObservable(suspects(short$, scheduler), '^-------------!').toBe('');
  });
});

test('an idle bank (the others sum to less than minCurrent) names nobody, though its noise matches', () => {
  const scheduler = testScheduler();
  scheduler.run((helpers) => {
    // 0.3 + 0.4 = 0.7 A: the third reads 0.7 A, exactly the others' sum, but it is noise
    const bank$ = marbleBank(helpers, 'x', { x: [battery(helpers, 'a', 'i'), battery(helpers, 'b', 'j'), battery(helpers, 'c', 'k')] });
    helpers.expectObservable(suspects(bank$, scheduler), '^-------------!').toBe('');
  });
});

test('two batteries are never judged: a pair of equal packs looks exactly like a pack and its shunt', () => {
  const scheduler = testScheduler();
  scheduler.run((helpers) => {
    const pair$ = marbleBank(helpers, 'x', { x: [battery(helpers, 'a', '1'), battery(helpers, 'b', '1')] });
    helpers.expectObservable(suspects(pair$, scheduler), '^-------------!').toBe('');
    // three on the bus but one without a valid current: two are judged, so none is
    const two$ = marbleBank(helpers, 'x', { x: [battery(helpers, 'c', '1'), battery(helpers, 'd', '1'), battery(helpers, 'e', 'n')] });
    helpers.expectObservable(suspects(two$, scheduler), '^-------------!').toBe('');
  });
});

test('three equal packs sharing a current never match (each carries half the others\' sum)', () => {
  const scheduler = testScheduler();
  scheduler.run((helpers) => {
    const bank$ = marbleBank(helpers, 'x', { x: [battery(helpers, 'a', '1'), battery(helpers, 'b', '1'), battery(helpers, 'c', '1')] });
    helpers.expectObservable(suspects(bank$, scheduler), '^-------------!').toBe('');
  });
});

test('a battery leaving mid-window restarts every window', () => {
  const scheduler = testScheduler();
  scheduler.run((helpers) => {
    const [a, b, c, idle] = [battery(helpers, 'a', '1'), battery(helpers, 'b', '2'), battery(helpers, 'c', '3'), battery(helpers, 'idle', '0')];
    const shunt = battery(helpers, 'shunt', '4');
    // idle (0 A) leaves at 3: the sum is the same, but the window starts again there, so the shunt is named at 8
    helpers.expectObservable(suspects(marbleBank(helpers, 'x--y', { x: [a, b, c, idle, shunt], y: [a, b, c, shunt] }), scheduler)).toBe('--------s', { s: 'shunt' });
  });
});

test('a pack leaving mid-window so the shunt no longer matches: nobody is named', () => {
  const scheduler = testScheduler();
  scheduler.run((helpers) => {
    const [a, b, c, shunt] = [battery(helpers, 'a', '1'), battery(helpers, 'b', '2'), battery(helpers, 'c', '3'), battery(helpers, 'shunt', '4')];
    helpers.expectObservable(suspects(marbleBank(helpers, 'x--y', { x: [a, b, c, shunt], y: [a, b, shunt] }), scheduler), '^-------------!').toBe('');
  });
});

test('our virtual batteries count in the sum but are never named', () => {
  const scheduler = testScheduler();
  scheduler.run((helpers) => {
    const bank$ = marbleBank(helpers, 'x', { x: [battery(helpers, 'a', '1'), battery(helpers, 'b', '2'), battery(helpers, 'c', '3'), battery(helpers, 'virtual1', '4')] });
    helpers.expectObservable(suspects(bank$, scheduler, OPTIONS, new Set([`${P}virtual1`])), '^-------------!').toBe('');
  });
});

/** The detector on the aggregate's bank, as the app wires it, for a config file. */
function appWarnings(bank$: Observable<Bank>, file: object, scheduler: ReturnType<typeof testScheduler>): Observable<string> {
  const config = testConfig(file);
  const [main] = pipelineOver(bank$, file, { scheduler });
  return shuntWarnings(main!.bank$, config, scheduler).pipe(map((text) => /battery (\S+) carries/.exec(text)![1]!.slice(P.length)));
}

test('through the pipeline: named when aggregated; not when it is primary, auxiliary or excluded; nothing with mode "off"', () => {
  const scheduler = testScheduler();
  scheduler.run((helpers) => {
    const bank = () => marbleBank(helpers, 'x', { x: [battery(helpers, 'a', '1'), battery(helpers, 'b', '2'), battery(helpers, 'c', '3'), battery(helpers, 'shunt', '4')] });
    const window = '^-------------!';
    helpers.expectObservable(appWarnings(bank(), FILE, scheduler)).toBe('-----s', { s: 'shunt' });
    helpers.expectObservable(appWarnings(bank(), { ...FILE, primaryServices: { [`${P}shunt`]: ['/Dc/0/Current'] } }, scheduler), window).toBe('');
    helpers.expectObservable(appWarnings(bank(), { ...FILE, auxiliaryServices: [`${P}shunt`] }, scheduler), window).toBe('');
    helpers.expectObservable(appWarnings(bank(), { ...FILE, excludedServices: [`${P}shunt`] }, scheduler), window).toBe('');
    // off: nothing is followed, the warnings are EMPTY
    helpers.expectObservable(appWarnings(bank(), { doubleCountedShunt: { mode: 'off', duration: 0.005 } }, scheduler), window).toBe('|');
  });
});

test('through the pipeline: the members of a virtual battery are not judged, the virtual battery itself never named', () => {
  const scheduler = testScheduler();
  scheduler.run((helpers) => {
    // a BMS and its shunt merged as virtual1 (current from the shunt), beside two packs: nobody measures the bank
    const bank$ = marbleBank(helpers, 'x', { x: [battery(helpers, 'a', '1'), battery(helpers, 'b', '2'), battery(helpers, 'bms', '3'), battery(helpers, 'bmsShunt', '3')] });
    const file = { ...FILE, virtualBatteries: { [`${P}virtual1`]: { [`${P}bmsShunt`]: ['/Dc/0/Current'], [`${P}bms`]: [] } } };
    helpers.expectObservable(appWarnings(bank$, file, scheduler), '^-------------!').toBe('');
  });
});
