import { test } from 'node:test';
import { marbleBank, marbleBattery, testScheduler } from './support/marbleBank';
import { extremeOfValid } from '../src/pipeline/aggregate/extremeOfValid';

const A = 'com.victronenergy.battery.a';
const B = 'com.victronenergy.battery.b';

test('max: /Dc/0/Temperature is the largest valid temperature, and invalid when no battery has one', () => {
  testScheduler().run((helpers) => {
    const a = marbleBattery(helpers, A, { '/Dc/0/Temperature': ['a-b---n', { a: 20, b: 25, n: null }] });
    const b = marbleBattery(helpers, B, { '/Dc/0/Temperature': ['n--c-n-', { n: null, c: 30 }] });
    const bank$ = marbleBank(helpers, 'x', { x: [a, b] });
    helpers.expectObservable(bank$.pipe(extremeOfValid('/Dc/0/Temperature', 'max'))).toBe('a-bc-dn', {
      a: 20,
      b: 25,
      c: 30,
      d: 25,
      n: null,
    });
  });
});

test('min: /System/MinCellVoltage is the smallest valid cell voltage of the batteries present', () => {
  testScheduler().run((helpers) => {
    const a = marbleBattery(helpers, A, { '/System/MinCellVoltage': ['a', { a: 3.3 }] });
    const b = marbleBattery(helpers, B, { '/System/MinCellVoltage': ['b', { b: 3.28 }] });
    const bank$ = marbleBank(helpers, 'x-y-z-w', { x: [a, b], y: [a], z: [], w: [b] });
    helpers.expectObservable(bank$.pipe(extremeOfValid('/System/MinCellVoltage', 'min'))).toBe('a-b-n-a', { a: 3.28, b: 3.3, n: null });
  });
});

test('min and max are invalid for an empty bank', () => {
  testScheduler().run((helpers) => {
    const bank$ = marbleBank(helpers, 'e', { e: [] });
    helpers.expectObservable(bank$.pipe(extremeOfValid('/System/MinCellVoltage', 'min'))).toBe('n', { n: null });
    helpers.expectObservable(bank$.pipe(extremeOfValid('/System/MaxCellVoltage', 'max'))).toBe('n', { n: null });
  });
});

test('an extreme is not re-emitted when other batteries\' values change but the extreme does not', () => {
  testScheduler().run((helpers) => {
    const a = marbleBattery(helpers, A, { '/System/MaxCellTemperature': ['a-b-c-d', { a: 20, b: 21, c: 22, d: 26 }] });
    const b = marbleBattery(helpers, B, { '/System/MaxCellTemperature': ['m---m', { m: 25 }] });
    const bank$ = marbleBank(helpers, 'x', { x: [a, b] });
    helpers.expectObservable(bank$.pipe(extremeOfValid('/System/MaxCellTemperature', 'max'))).toBe('m-----d', { m: 25, d: 26 });
  });
});

test('a restarted battery\'s old extreme does not survive: the new object counts from its own values', () => {
  testScheduler().run((helpers) => {
    const old = marbleBattery(helpers, A, { '/System/MinCellVoltage': ['a----c', { a: 3.25, c: 3.0 }] });
    const restarted = marbleBattery(helpers, A, { '/System/MinCellVoltage': ['---b', { b: 3.31 }] });
    const b = marbleBattery(helpers, B, { '/System/MinCellVoltage': ['b', { b: 3.28 }] });
    const bank$ = marbleBank(helpers, 'x-y', { x: [old, b], y: [restarted, b] });
    // frame 2: the restarted battery has no value yet; frame 3: 3.31 is not the minimum; frame 5: the old object is gone
    helpers.expectObservable(bank$.pipe(extremeOfValid('/System/MinCellVoltage', 'min'))).toBe('a-b', { a: 3.25, b: 3.28 });
  });
});
