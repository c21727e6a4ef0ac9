import { test } from 'node:test';
import { map } from 'rxjs';
import { marbleBank, marbleBattery, testScheduler } from '../support/marbleBank';
import { limitOutput, series } from './limitOutput';
import type { Value } from '../../src/battery/value';

const A = 'com.victronenergy.battery.a';
const B = 'com.victronenergy.battery.b';
const CCL = '/Info/MaxChargeCurrent';
const E = 53.3;
/** Ten discharge currents, -10 to -145 A. */
const CURRENTS = Array.from({ length: 10 }, (_, i) => -10 - 15 * i);

type Helpers = Parameters<typeof marbleBattery>[0];

/**
 * A 100 Ah battery discharging along V = E + R*I from frame `start` on: a current every other frame, its
 * voltage one frame later, so each voltage is sampled with its own current; the fit lands with the 10th
 * voltage, at frame start + 19.
 */
function discharging(helpers: Helpers, id: string, ccl: number, resistance: number, start: number) {
  return marbleBattery(helpers, id, {
    [CCL]: ['l', { l: ccl }],
    '/InstalledCapacity': ['c', { c: 100 }],
    '/Dc/0/Current': series(CURRENTS, start, 2),
    '/Dc/0/Voltage': series(CURRENTS.map((i) => E + resistance * i), start + 1, 2),
  });
}

const rounded = (digits: number) => map((value: Value) => (typeof value === 'number' ? Number(value.toFixed(digits)) : value));

test('ir: capacity until every battery has a resistance, then the measured split; IR and EMF lists follow', () => {
  testScheduler().run((helpers) => {
    // a fits at frame 19, b at frame 39: R 8 and 4 milliohm, so a carries 1/3 and b 2/3 of the bank current
    const a = discharging(helpers, A, 50, 0.008, 0);
    const b = discharging(helpers, B, 90, 0.004, 20);
    const bank$ = marbleBank(helpers, 'x', { x: [a, b] });
    const frames = '-'.repeat(18);
    // equal capacities: min(50 x 2, 90 x 2) = 100; measured: min(50 x 3, 90 x 1.5) = 135
    helpers.expectObservable(limitOutput(bank$, CCL).pipe(rounded(6))).toBe('c' + frames + '-' + frames + '-d', { c: 100, d: 135 });
    helpers
      .expectObservable(limitOutput(bank$, '/System/InternalResistances').pipe(map((json) => JSON.parse(json as string) as Array<number | null>), map((rs) => rs.map((r) => r && Number(r.toFixed(6))))))
      .toBe('n' + frames + 'a' + frames + '-b', { n: [null, null], a: [0.008, null], b: [0.008, 0.004] });
    helpers
      .expectObservable(limitOutput(bank$, '/System/EMFs').pipe(map((json) => (JSON.parse(json as string) as Array<number | null>).map((e) => e && Number(e.toFixed(6))))))
      .toBe('n' + frames + 'a' + frames + '-b', { n: [null, null], a: [E, null], b: [E, E] });
  });
});

test('ir: a battery that leaves takes its resistance along; the rest fall back to capacity', () => {
  testScheduler().run((helpers) => {
    const a = discharging(helpers, A, 50, 0.008, 0);
    const b = marbleBattery(helpers, B, { [CCL]: ['l', { l: 90 }], '/InstalledCapacity': ['c', { c: 300 }] });
    const bank$ = marbleBank(helpers, 'x' + '-'.repeat(21) + 'y-z', { x: [a], y: [a, b], z: [b] });
    // a alone: ratio 1 whatever the method: 50; b joins without a resistance: capacity 100 + 300:
    // min(50 x 4, 90 x 4/3) = 120; a leaves: 90
    helpers.expectObservable(limitOutput(bank$, CCL).pipe(rounded(6))).toBe('a' + '-'.repeat(21) + 'b-c', { a: 50, b: 120, c: 90 });
  });
});

test('ir: voltage and current of one instant are paired even when the voltage comes first, as drivers send them', () => {
  testScheduler().run((helpers) => {
    // both series in the same frames, the voltage path declared (and so emitted) first
    const a = marbleBattery(helpers, A, {
      '/Dc/0/Voltage': series(CURRENTS.map((i) => E + 0.008 * i)),
      '/Dc/0/Current': series(CURRENTS),
    });
    const bank$ = marbleBank(helpers, 'x', { x: [a] });
    helpers
      .expectObservable(limitOutput(bank$, '/System/InternalResistances').pipe(map((json) => (JSON.parse(json as string) as Array<number | null>).map((r) => r && Number(r.toFixed(9))))))
      .toBe('n' + '-'.repeat(8) + 'r', { n: [null], r: [0.008] });
  });
});
