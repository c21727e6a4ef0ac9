import { test } from 'node:test';
import { marbleBank, marbleBattery, testScheduler } from './support/marbleBank';
import { chargeVoltageLimit } from '../src/pipeline/limits/chargeVoltageLimit';

const A = 'com.victronenergy.battery.a';
const B = 'com.victronenergy.battery.b';

test('CVL: the smallest valid /Info/MaxChargeVoltage, so no battery is charged above its own limit', () => {
  testScheduler().run((helpers) => {
    const a = marbleBattery(helpers, A, { '/Info/MaxChargeVoltage': ['a-n-b', { a: 56.8, n: null, b: 55.2 }] });
    const b = marbleBattery(helpers, B, { '/Info/MaxChargeVoltage': ['b', { b: 56.4 }] });
    const bank$ = marbleBank(helpers, 'x', { x: [a, b] });
    helpers.expectObservable(bank$.pipe(chargeVoltageLimit())).toBe('b---a', { a: 55.2, b: 56.4 });
  });
});

test('CVL: invalid for an empty bank and when no battery reports a limit', () => {
  testScheduler().run((helpers) => {
    const a = marbleBattery(helpers, A, { '/Info/MaxChargeVoltage': ['n-a-n', { n: null, a: 56.8 }] });
    const bank$ = marbleBank(helpers, 'e-x', { e: [], x: [a] });
    helpers.expectObservable(bank$.pipe(chargeVoltageLimit())).toBe('n-a-n', { n: null, a: 56.8 });
  });
});

test('CVL follows batteries joining and leaving, and is not re-emitted while the minimum stands', () => {
  testScheduler().run((helpers) => {
    const a = marbleBattery(helpers, A, { '/Info/MaxChargeVoltage': ['a---c', { a: 56.8, c: 57.0 }] });
    const b = marbleBattery(helpers, B, { '/Info/MaxChargeVoltage': ['b', { b: 56.4 }] });
    const bank$ = marbleBank(helpers, 'x-y---z', { x: [a], y: [a, b], z: [a] });
    helpers.expectObservable(bank$.pipe(chargeVoltageLimit())).toBe('a-b---c', { a: 56.8, b: 56.4, c: 57.0 });
  });
});

test('CVL: a restarted battery\'s old limit does not survive', () => {
  testScheduler().run((helpers) => {
    const old = marbleBattery(helpers, A, { '/Info/MaxChargeVoltage': ['a', { a: 55.0 }] });
    const restarted = marbleBattery(helpers, A, { '/Info/MaxChargeVoltage': ['---c', { c: 57.0 }] });
    const b = marbleBattery(helpers, B, { '/Info/MaxChargeVoltage': ['b', { b: 56.4 }] });
    const bank$ = marbleBank(helpers, 'x-y', { x: [old, b], y: [restarted, b] });
    helpers.expectObservable(bank$.pipe(chargeVoltageLimit())).toBe('a-b', { a: 55.0, b: 56.4 });
  });
});
