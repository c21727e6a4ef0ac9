import assert from 'node:assert/strict';
import { test } from 'node:test';
import { of } from 'rxjs';
import type { DvccState } from '../../src/battery/dvcc';
import { withDefaults } from '../../src/config/defaults';
import type { ConfigFile } from '../../src/config/codec';
import { limitOutputs } from '../../src/pipeline/limits/limitOutputs';
import type { ExplainedOutputPath } from '../../src/pipeline/limits/explainedOutput';
import { DVCC_OFF } from '../../src/battery/dvcc';
import { marbleBank, marbleBattery, testScheduler } from '../support/marbleBank';
import { limitOutput } from './limitOutput';

const A = 'com.victronenergy.battery.a';
const B = 'com.victronenergy.battery.b';
const CVL = '/Info/MaxChargeVoltage';
const CELL = '/System/MaxCellVoltage';
const VOLTAGE = '/Dc/0/Voltage';
// Virtual time: 1 frame = 1 ms, so releaseTime 0.003 s is 3 frames and lowerRate 250 V/s is 0.25 V a frame.
const guard = (more: Readonly<Record<string, number>> = {}): ConfigFile =>
  ({ cellVoltageGuard: { maxCellVoltage: 3.55, hysteresis: 0.05, releaseTime: 0.003, lowerRate: 0, ...more } }) as unknown as ConfigFile;
const cells = { l: 3.4, h: 3.6, m: 3.52 };

/** A marble with `key` at each frame given, `-` elsewhere. */
function at(frames: Readonly<Record<number, string>>): string {
  const last = Math.max(...Object.keys(frames).map(Number));
  return Array.from({ length: last + 1 }, (_, i) => frames[i] ?? '-').join('');
}

test('cell guard off: the CVL follows the rule whatever the cells do', () => {
  testScheduler().run((helpers) => {
    const a = marbleBattery(helpers, A, { [CVL]: ['c', { c: 56.8 }], [VOLTAGE]: ['v', { v: 53 }], [CELL]: ['l-h', cells] });
    const bank$ = marbleBank(helpers, 'x', { x: [a] });
    helpers.expectObservable(limitOutput(bank$, CVL)).toBe('c', { c: 56.8 });
  });
});

test('threshold crossed repeatedly: held at the bank voltage while high, released only after every cell stayed low for the release time', () => {
  testScheduler().run((helpers) => {
    // low, high (guard), low (release starts, 4 + 3 = 7), high at 6 (release cancelled), low at 12 -> released at 15
    const a = marbleBattery(helpers, A, { [CVL]: ['c', { c: 56.8 }], [VOLTAGE]: ['v', { v: 53 }], [CELL]: [at({ 0: 'l', 2: 'h', 4: 'l', 6: 'h', 12: 'l' }), cells] });
    const bank$ = marbleBank(helpers, 'x', { x: [a] });
    helpers.expectObservable(limitOutput(bank$, CVL, guard())).toBe(at({ 0: 'c', 2: 'v', 15: 'c' }), { c: 56.8, v: 53 });
  });
});

test('within the hysteresis the cap is held and the release waits; the cap is lowered at lowerRate while a cell stays high', () => {
  testScheduler().run((helpers) => {
    const a = marbleBattery(helpers, A, {
      [CVL]: ['c', { c: 56.8 }],
      [VOLTAGE]: ['uvw', { u: 53, v: 53.1, w: 53.2 }],
      [CELL]: [at({ 0: 'h', 3: 'm', 8: 'l' }), cells],
    });
    const bank$ = marbleBank(helpers, 'x', { x: [a] });
    // 53, then min(53 - 0.25, 53.1), min(52.75 - 0.25, 53.2); in the band from 3 on: held; low at 8: released at 11
    helpers.expectObservable(limitOutput(bank$, CVL, guard({ lowerRate: 250 }))).toBe(at({ 0: 'a', 1: 'b', 2: 'd', 11: 'c' }), { a: 53, b: 52.75, d: 52.5, c: 56.8 });
  });
});

test('a battery leaving while guarded: its cell stops counting, and the guard releases after the release time', () => {
  testScheduler().run((helpers) => {
    const a = marbleBattery(helpers, A, { [CVL]: ['c', { c: 56.8 }], [VOLTAGE]: ['v', { v: 53 }], [CELL]: ['h', cells] });
    const b = marbleBattery(helpers, B, { [CVL]: ['d', { d: 56.4 }], [VOLTAGE]: ['v', { v: 53.4 }], [CELL]: ['l', cells] });
    const bank$ = marbleBank(helpers, 'x---y', { x: [a, b], y: [b] });
    // guarded at the mean 53.2 V; a leaves at 4: b's cells are low, released at 7 to b's own CVL
    helpers.expectObservable(limitOutput(bank$, CVL, guard())).toBe(at({ 0: 'g', 7: 'd' }), { g: 53.2, d: 56.4 });
  });
});

test('DVCC caps together with the guard: the smaller of the two counts', () => {
  testScheduler().run((helpers) => {
    const a = marbleBattery(helpers, A, { [CVL]: ['c', { c: 56.8 }], [VOLTAGE]: ['v', { v: 53 }], [CELL]: [at({ 0: 'h', 6: 'l' }), cells] });
    const bank$ = marbleBank(helpers, 'x', { x: [a] });
    const on = (voltage: number): DvccState => ({ enabled: true, maxChargeCurrent: null, maxChargeVoltage: voltage });
    const dvcc$ = helpers.cold<DvccState>('p-q-p', { p: on(52.5), q: on(55) });
    // DVCC 52.5 under the guard's 53; DVCC 55: the guard's 53; 52.5 again; released at 9: DVCC 52.5 stays
    helpers.expectObservable(limitOutput(bank$, CVL, guard(), dvcc$)).toBe(at({ 0: 'p', 2: 'v', 4: 'p' }), { p: 52.5, v: 53 });
  });
});

test('the guard says what it did and why once per change of state, not per signal', () => {
  testScheduler().run((helpers) => {
    const a = marbleBattery(helpers, A, {
      [CVL]: ['c', { c: 56.8 }],
      [VOLTAGE]: ['uvwu', { u: 53, v: 53.1, w: 53.2 }],
      [CELL]: [at({ 0: 'l', 2: 'h', 4: 'l', 6: 'h', 12: 'l' }), cells],
    });
    const bank$ = marbleBank(helpers, 'x', { x: [a] });
    const output = limitOutputs(bank$, of(DVCC_OFF), withDefaults(guard())).find((o) => o.path === CVL) as ExplainedOutputPath;
    const notices: string[] = [];
    output.notice$!.subscribe((notice) => notices.push(notice));
    helpers.flush();
    assert.equal(notices.length, 5, notices.join('\n'));
    assert.match(notices[0]!, /^cell over-voltage guard: cell 3\.6 V above 3\.55 V: CVL held at most at the bank voltage 53\.2 V/);
    assert.match(notices[1]!, /cells at most 3\.4 V, below 3\.5 V: CVL released in 0\.003 s unless a cell rises again/);
    assert.match(notices[2]!, /cell 3\.6 V above 3\.55 V/);
    assert.match(notices[3]!, /below 3\.5 V/);
    assert.match(notices[4]!, /every cell below 3\.5 V for 0\.003 s: CVL back to the rule/);
  });
});
