import { test } from 'node:test';
import { marbleBank, marbleBattery, testScheduler } from './support/marbleBank';
import { chargeModeSummary } from '../src/pipeline/aggregate/chargeModeSummary';
import type { Value } from '../src/battery/value';

const id = (n: number) => `com.victronenergy.battery.b${n}`;

/** The doc's cases: each battery's /Info/ChargeMode text -> the bank's. */
const CASES: ReadonlyArray<readonly [modes: readonly Value[], expected: Value]> = [
  [['Float', 'float'], 'Float'],
  [['Float', 'Absorption 2h'], 'Float Transition'],
  [['Absorption', 'ABSORPTION'], 'Absorption'],
  [['Absorption', 'Bulk'], 'Absorption Transition'],
  [['Bulk', 'bulk charge'], 'Bulk'],
  [['Bulk', 'Keep batteries charged'], 'Bulk Transition'],
  [['Discharging', 'Storage'], 'Charging'],
  [['Re-Float', 'FLOATING'], 'Float'],
  [['Float', null], 'Float'],
  [[null, null], null],
  [[], null],
];

for (const [modes, expected] of CASES) {
  const given = modes.length === 0 ? 'an empty bank' : modes.map((m) => JSON.stringify(m)).join(' and ');
  test(`charge mode: ${given} -> ${JSON.stringify(expected)}`, () => {
    testScheduler().run((helpers) => {
      const batteries = modes.map((mode, n) => marbleBattery(helpers, id(n), { '/Info/ChargeMode': ['m', { m: mode }] }));
      const bank$ = marbleBank(helpers, 'x', { x: batteries });
      helpers.expectObservable(bank$.pipe(chargeModeSummary())).toBe('c', { c: expected });
    });
  });
}

test('charge mode: all batteries in float -> Float; some -> Float Transition; else all in absorption -> Absorption, ...', () => {
  testScheduler().run((helpers) => {
    const a = marbleBattery(helpers, id(1), { '/Info/ChargeMode': ['b--a---f', { b: 'Bulk', a: 'Absorption', f: 'Float' }] });
    const b = marbleBattery(helpers, id(2), { '/Info/ChargeMode': ['b----a----f', { b: 'Bulk', a: 'Absorption', f: 'Float' }] });
    const bank$ = marbleBank(helpers, 'x', { x: [a, b] });
    helpers.expectObservable(bank$.pipe(chargeModeSummary())).toBe('b--t-a-s--f', {
      b: 'Bulk',
      t: 'Absorption Transition',
      a: 'Absorption',
      s: 'Float Transition',
      f: 'Float',
    });
  });
});

test('charge mode follows batteries joining and leaving, is invalid for an empty bank, and does not repeat itself', () => {
  testScheduler().run((helpers) => {
    const a = marbleBattery(helpers, id(1), { '/Info/ChargeMode': ['f--g', { f: 'Float', g: 'float' }] });
    const b = marbleBattery(helpers, id(2), { '/Info/ChargeMode': ['b', { b: 'Bulk' }] });
    const bank$ = marbleBank(helpers, 'x-y--z-e', { x: [a], y: [a, b], z: [b], e: [] });
    // frame 3: "Float" -> "float" gives the same summary, not re-emitted
    helpers.expectObservable(bank$.pipe(chargeModeSummary())).toBe('f-t--b-n', { f: 'Float', t: 'Float Transition', b: 'Bulk', n: null });
  });
});

test('charge mode: a restarted battery\'s old mode does not survive', () => {
  testScheduler().run((helpers) => {
    const old = marbleBattery(helpers, id(1), { '/Info/ChargeMode': ['f', { f: 'Float' }] });
    const restarted = marbleBattery(helpers, id(1), {});
    const b = marbleBattery(helpers, id(2), { '/Info/ChargeMode': ['b', { b: 'Bulk' }] });
    const bank$ = marbleBank(helpers, 'x-y', { x: [old, b], y: [restarted, b] });
    helpers.expectObservable(bank$.pipe(chargeModeSummary())).toBe('t-b', { t: 'Float Transition', b: 'Bulk' });
  });
});
