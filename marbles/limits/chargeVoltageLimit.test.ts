import { test } from 'node:test';
import { marbleBank, marbleBattery, testScheduler } from '../support/marbleBank';
import { limitOutput } from './limitOutput';
import type { DvccState } from '../../src/battery/dvcc';

const A = 'com.victronenergy.battery.a';
const B = 'com.victronenergy.battery.b';
const CVL = '/Info/MaxChargeVoltage';
const off: DvccState = { enabled: false, maxChargeCurrent: null, maxChargeVoltage: 55.0 };
const on: DvccState = { enabled: true, maxChargeCurrent: null, maxChargeVoltage: 55.0 };
const onWithoutVoltage: DvccState = { enabled: true, maxChargeCurrent: null, maxChargeVoltage: -1 };

test('max_when_balancing (default): the smallest CVL, the largest while any battery balances', () => {
  testScheduler().run((helpers) => {
    const a = marbleBattery(helpers, A, { [CVL]: ['a', { a: 56.8 }], '/Balancing': ['o-b-o', { o: 0, b: 1 }] });
    const b = marbleBattery(helpers, B, { [CVL]: ['b', { b: 56.4 }] });
    const bank$ = marbleBank(helpers, 'x', { x: [a, b] });
    helpers.expectObservable(limitOutput(bank$, CVL)).toBe('b-a-b', { a: 56.8, b: 56.4 });
  });
});

test('min_when_balancing: always the smallest; max_always: always the largest', () => {
  testScheduler().run((helpers) => {
    const a = marbleBattery(helpers, A, { [CVL]: ['a-n-c', { a: 56.8, n: null, c: 55.2 }], '/Balancing': ['b', { b: 1 }] });
    const b = marbleBattery(helpers, B, { [CVL]: ['b', { b: 56.4 }] });
    const bank$ = marbleBank(helpers, 'x', { x: [a, b] });
    helpers.expectObservable(limitOutput(bank$, CVL, { cvlMode: 'min_when_balancing' })).toBe('b---c', { b: 56.4, c: 55.2 });
    helpers.expectObservable(limitOutput(bank$, CVL, { cvlMode: 'max_always' })).toBe('a-b', { a: 56.8, b: 56.4 });
  });
});

test('max_when_floating: the largest CVL only while every battery floats', () => {
  testScheduler().run((helpers) => {
    const a = marbleBattery(helpers, A, { [CVL]: ['a', { a: 54.0 }], '/Info/ChargeMode': ['f', { f: 'Float' }] });
    const b = marbleBattery(helpers, B, { [CVL]: ['b', { b: 53.6 }], '/Info/ChargeMode': ['u-f-u', { u: 'Bulk', f: 'float 2h' }] });
    const bank$ = marbleBank(helpers, 'x', { x: [a, b] });
    // b charges: a floats and is ignored, b's 53.6; both float: max 54.0; b charges again: 53.6
    helpers.expectObservable(limitOutput(bank$, CVL, { cvlMode: 'max_when_floating' })).toBe('b-a-b', { a: 54.0, b: 53.6 });
  });
});

test('a floating battery is ignored while another still charges, even when its CVL is the smallest', () => {
  testScheduler().run((helpers) => {
    const a = marbleBattery(helpers, A, { [CVL]: ['a-c', { a: 53.6, c: 56.8 }], '/Info/ChargeMode': ['f-u', { f: 'Float', u: 'Absorption' }] });
    const b = marbleBattery(helpers, B, { [CVL]: ['b', { b: 56.4 }], '/Info/ChargeMode': ['u', { u: 'Absorption' }] });
    const bank$ = marbleBank(helpers, 'x', { x: [a, b] });
    // a floats at 53.6: only b counts; a charges again at 56.8: min 56.4 stands
    helpers.expectObservable(limitOutput(bank$, CVL, { cvlMode: 'min_when_balancing' })).toBe('b', { b: 56.4 });
  });
});

test('DVCC on caps the CVL at the owner\'s voltage; off, it does not', () => {
  testScheduler().run((helpers) => {
    const a = marbleBattery(helpers, A, { [CVL]: ['a', { a: 56.8 }] });
    const bank$ = marbleBank(helpers, 'x', { x: [a] });
    const dvcc$ = helpers.cold<DvccState>('f-n-f-w', { f: off, n: on, w: onWithoutVoltage });
    helpers.expectObservable(limitOutput(bank$, CVL, {}, dvcc$)).toBe('a-d-a', { a: 56.8, d: 55.0 });
  });
});

test('dvcc mode: the owner\'s voltage, ignoring batteries; the smallest CVL when DVCC gives none', () => {
  testScheduler().run((helpers) => {
    const a = marbleBattery(helpers, A, { [CVL]: ['a', { a: 54.8 }] });
    const b = marbleBattery(helpers, B, { [CVL]: ['b', { b: 56.4 }] });
    const bank$ = marbleBank(helpers, 'x-e', { x: [a, b], e: [] });
    const dvcc$ = helpers.cold<DvccState>('f--n', { f: off, n: on });
    // DVCC off: min 54.8; the bank empties: invalid; DVCC on: 55.0 without any battery
    helpers.expectObservable(limitOutput(bank$, CVL, { cvlMode: 'dvcc' }, dvcc$)).toBe('a-nd', { a: 54.8, n: null, d: 55.0 });
  });
});

test('CVL follows batteries joining and leaving; and a negative CVL counts as 0', () => {
  testScheduler().run((helpers) => {
    const a = marbleBattery(helpers, A, { [CVL]: ['a---c', { a: 56.8, c: -1 }] });
    const b = marbleBattery(helpers, B, { [CVL]: ['b', { b: 56.4 }] });
    const bank$ = marbleBank(helpers, 'x-y---z', { x: [a], y: [a, b], z: [b] });
    helpers.expectObservable(limitOutput(bank$, CVL)).toBe('a-b-z-b', { a: 56.8, b: 56.4, z: 0 });
  });
});
