import assert from 'node:assert/strict';
import { test } from 'node:test';
import { of } from 'rxjs';
import type { DvccState } from '../../src/battery/dvcc';
import { DVCC_OFF } from '../../src/battery/dvcc';
import type { ConfigFile } from '../../src/config/codec';
import { withDefaults } from '../../src/config/defaults';
import type { ExplainedOutputPath } from '../../src/pipeline/limits/explainedOutput';
import { limitReason } from '../../src/pipeline/limits/limitReason';
import { limitOutputs } from '../../src/pipeline/limits/limitOutputs';
import type { Value } from '../../src/battery/value';
import { marbleBank, marbleBattery, testScheduler } from '../support/marbleBank';
import { limitOutput } from './limitOutput';

const A = 'com.victronenergy.battery.a';
const CCL = '/Info/MaxChargeCurrent';
const DCL = '/Info/MaxDischargeCurrent';
const CVL = '/Info/MaxChargeVoltage';
const CELL = '/System/MaxCellVoltage';
const VOLTAGE = '/Dc/0/Voltage';
// Virtual time: 1 frame = 1 ms, a ramp steps every 1000 frames; 20 A/s is 20 A a step.
const smoothing = (rampRate = 20): ConfigFile => ({ limitSmoothing: { rampRate } }) as unknown as ConfigFile;

/** A marble with `key` at each frame given (frames far apart as time progressions), `-` nowhere else. */
function at(frames: Readonly<Record<number, string>>): string {
  let marble = '';
  let frame = 0;
  for (const [f, key] of Object.entries(frames).map(([f, key]) => [Number(f), key] as const).sort((x, y) => x[0] - y[0])) {
    if (f > frame) marble += ` ${f - frame}ms `;
    marble += key;
    frame = f + key.length;
  }
  return marble;
}

/** A single battery whose own limit (`path`) follows `marble`: the bank limit is its own. */
function bankWith(helpers: Parameters<typeof marbleBattery>[0], paths: Parameters<typeof marbleBattery>[2]) {
  return marbleBank(helpers, 'x', { x: [marbleBattery(helpers, A, paths)] });
}

test('off (absent): the CCL and DCL are the rule exactly, steps up at once', () => {
  testScheduler().run((helpers) => {
    const bank = () => bankWith(helpers, { [CCL]: [at({ 0: 'a', 10: 'b', 20: 'c' }), { a: 40, b: 120, c: 30 }], [DCL]: [at({ 0: 'a', 5: 'b' }), { a: 50, b: 200 }] });
    helpers.expectObservable(limitOutput(bank(), CCL)).toBe(at({ 0: 'a', 10: 'b', 20: 'c' }), { a: 40, b: 120, c: 30 });
    helpers.expectObservable(limitOutput(bank(), DCL)).toBe(at({ 0: 'a', 5: 'b' }), { a: 50, b: 200 });
  });
});

test('a step up ramps at rampRate, a step a second, and ends at the rule', () => {
  testScheduler().run((helpers) => {
    const bank$ = bankWith(helpers, { [CCL]: [at({ 0: 'a', 10: 'b' }), { a: 40, b: 120 }] });
    // 40, then 60, 80, 100 a second apart from the rise at 10, and 120 (the rule) at 4010: no step after
    helpers.expectObservable(limitOutput(bank$, CCL, smoothing())).toBe(at({ 0: 'a', 1010: 'b', 2010: 'c', 3010: 'd', 4010: 'e' }), { a: 40, b: 60, c: 80, d: 100, e: 120 });
  });
});

test('a step down is published at once, in the same instant', () => {
  testScheduler().run((helpers) => {
    const bank$ = bankWith(helpers, { [DCL]: [at({ 0: 'a', 10: 'b', 20: 'c' }), { a: 200, b: 80, c: 0 }] });
    helpers.expectObservable(limitOutput(bank$, DCL, smoothing())).toBe(at({ 0: 'a', 10: 'b', 20: 'c' }), { a: 200, b: 80, c: 0 });
  });
});

test('a decrease during a ramp: below the published value it ends the ramp at once; above it, the ramp ends lower', () => {
  testScheduler().run((helpers) => {
    // rise to 120 at 10; 60 at 1010, 80 at 2010; the rule falls to 50 at 2500: at once, no more steps
    const cut$ = bankWith(helpers, { [CCL]: [at({ 0: 'a', 10: 'b', 2500: 'c' }), { a: 40, b: 120, c: 50 }] });
    helpers.expectObservable(limitOutput(cut$, CCL, smoothing())).toBe(at({ 0: 'a', 1010: 'b', 2010: 'c', 2500: 'd' }), { a: 40, b: 60, c: 80, d: 50 });
    // the rule falls to 90 at 2500, above the published 80: 90 at the next step (3010), the end
    const lower$ = bankWith(helpers, { [CCL]: [at({ 0: 'a', 10: 'b', 2500: 'c' }), { a: 40, b: 120, c: 90 }] });
    helpers.expectObservable(limitOutput(lower$, CCL, smoothing())).toBe(at({ 0: 'a', 1010: 'b', 2010: 'c', 3010: 'd' }), { a: 40, b: 60, c: 80, d: 90 });
  });
});

test('a rise during a ramp extends it at the same rate and cadence', () => {
  testScheduler().run((helpers) => {
    const bank$ = bankWith(helpers, { [CCL]: [at({ 0: 'a', 10: 'b', 1500: 'c' }), { a: 40, b: 80, c: 130 }] });
    // 60 at 1010; the rule rises to 130 at 1500; 80, 100, 120 and 130 at 2010 ... 5010
    helpers.expectObservable(limitOutput(bank$, CCL, smoothing())).toBe(at({ 0: 'a', 1010: 'b', 2010: 'c', 3010: 'd', 4010: 'e', 5010: 'f' }), {
      a: 40,
      b: 60,
      c: 80,
      d: 100,
      e: 120,
      f: 130,
    });
  });
});

test('an invalid limit is published at once, and the next number at once too (nothing to ramp from)', () => {
  testScheduler().run((helpers) => {
    const bank$ = bankWith(helpers, { [CCL]: [at({ 0: 'a', 10: 'b', 1500: 'n', 1600: 'c' }), { a: 40, b: 120, n: null, c: 100 }] });
    // ramping 40 -> 120 (60 at 1010); the battery's limit goes: invalid at once, no more steps; 100 at once
    helpers.expectObservable(limitOutput(bank$, CCL, smoothing())).toBe(at({ 0: 'a', 1010: 'b', 1500: 'n', 1600: 'c' }), { a: 40, b: 60, n: null, c: 100 });
  });
});

test('with a DVCC cap: a cap that falls is at once, a cap that rises ramps, never above the cap', () => {
  testScheduler().run((helpers) => {
    const bank$ = bankWith(helpers, { [CCL]: ['a', { a: 150 }] });
    const on = (limit: number): DvccState => ({ enabled: true, maxChargeCurrent: limit, maxChargeVoltage: null });
    // the battery allows 150 A; DVCC 100 A at 0, 30 A at 10 (at once), 70 A at 20 (ramps: 50 at 1020, 70 at 2020)
    const dvcc$ = helpers.cold<DvccState>(at({ 0: 'p', 10: 'q', 20: 'r' }), { p: on(100), q: on(30), r: on(70) });
    helpers.expectObservable(limitOutput(bank$, CCL, smoothing(), dvcc$)).toBe(at({ 0: 'p', 10: 'q', 1020: 'b', 2020: 'r' }), { p: 100, q: 30, b: 50, r: 70 });
  });
});

test('with the cell guard: the CVL is the guard\'s alone (smoothing leaves it), the CCL ramps', () => {
  testScheduler().run((helpers) => {
    const paths = {
      [CCL]: [at({ 0: 'a', 10: 'b' }), { a: 40, b: 80 }],
      [CVL]: ['c', { c: 56.8 }],
      [VOLTAGE]: ['v', { v: 53 }],
      [CELL]: [at({ 0: 'l', 5: 'h' }), { l: 3.4, h: 3.6 }],
    } as const;
    const both = { ...smoothing(), cellVoltageGuard: { maxCellVoltage: 3.55, hysteresis: 0.05, releaseTime: 100, lowerRate: 0 } } as unknown as ConfigFile;
    const guardOnly = { cellVoltageGuard: both.cellVoltageGuard } as unknown as ConfigFile;
    helpers.expectObservable(limitOutput(bankWith(helpers, paths), CVL, both)).toBe(at({ 0: 'c', 5: 'v' }), { c: 56.8, v: 53 });
    helpers.expectObservable(limitOutput(bankWith(helpers, paths), CVL, guardOnly)).toBe(at({ 0: 'c', 5: 'v' }), { c: 56.8, v: 53 });
    helpers.expectObservable(limitOutput(bankWith(helpers, paths), CCL, both)).toBe(at({ 0: 'a', 1010: 'b', 2010: 'c' }), { a: 40, b: 60, c: 80 });
  });
});

test('the reason says the smoothing holds the value; one warning per ramp, not per step', () => {
  testScheduler().run((helpers) => {
    const bank$ = bankWith(helpers, { [CCL]: [at({ 0: 'a', 10: 'b', 1500: 'c', 6000: 'd', 6010: 'e' }), { a: 40, b: 80, c: 120, d: 30, e: 50 }] });
    const outputs = limitOutputs(bank$, of(DVCC_OFF), withDefaults(smoothing()));
    const ccl = outputs.find((o) => o.path === CCL) as ExplainedOutputPath;
    const reason = outputs.find((o) => o.path === '/Info/ChargeLimitation')!;
    const notices: string[] = [];
    const reasons: Value[] = [];
    ccl.notice$!.subscribe((notice) => notices.push(notice));
    reason.value$.subscribe((text) => reasons.push(text));
    const smoothedFrom: (number | undefined)[] = [];
    ccl.explanation$.subscribe((e) => smoothedFrom.push(e.path === CVL ? undefined : e.smoothedFrom));
    helpers.flush();
    // two ramps: 40 -> 80 (extended to 120 at 1500), and 30 -> 50 after the fall at 6000
    assert.deepEqual(notices, ['limit smoothing: CCL ramping from 40 A to 80 A at 20 A/s', 'limit smoothing: CCL ramping from 30 A to 50 A at 20 A/s']);
    assert.ok(reasons.includes('ramping to 80 A at 20 A/s (limit smoothing)'), reasons.join('\n'));
    assert.ok(reasons.includes('ramping to 120 A at 20 A/s (limit smoothing)'), reasons.join('\n'));
    assert.match(String(reasons.at(-1)), /^a: own limit 50 A x ratio 1 /, 'caught up, the rule\'s reason again');
    assert.equal(smoothedFrom.at(-1), undefined);
    assert.ok(smoothedFrom.includes(120));
  });
});

test('the explanation carries the rule\'s value while held back, and limitReason names the ramp', () => {
  const held = { path: CCL, value: 60, method: 'count', shares: [], blocked: [], mode: 'battery', computed: 120, userLimit: null, smoothedFrom: 120, rampRate: 2 } as const;
  assert.equal(limitReason(held), 'ramping to 120 A at 2 A/s (limit smoothing)');
  assert.equal(limitReason({ ...held, path: DCL }), 'ramping to 120 A at 2 A/s (limit smoothing)');
});
