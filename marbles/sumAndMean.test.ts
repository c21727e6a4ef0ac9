import { test } from 'node:test';
import { marbleBank, marbleBattery, testScheduler } from './support/marbleBank';
import { sumOfValid } from '../src/pipeline/aggregate/sumOfValid';
import { meanOfValid } from '../src/pipeline/aggregate/meanOfValid';

test('sumOfValid adds the currents of the batteries present, skipping invalid ones', () => {
  testScheduler().run((helpers) => {
    const a = marbleBattery(helpers, 'com.victronenergy.battery.a', { '/Dc/0/Current': ['a-b---', { a: -10, b: -12 }] });
    const b = marbleBattery(helpers, 'com.victronenergy.battery.b', { '/Dc/0/Current': ['n--c--', { n: null, c: -5.5 }] });
    const bank$ = marbleBank(helpers, 'x----y', { x: [a, b], y: [b] });
    helpers.expectObservable(bank$.pipe(sumOfValid('/Dc/0/Current'))).toBe('a-bc-d', { a: -10, b: -12, c: -17.5, d: -5.5 });
  });
});

test('sumOfValid is 0 for an empty bank and when every value is invalid', () => {
  testScheduler().run((helpers) => {
    const a = marbleBattery(helpers, 'com.victronenergy.battery.a', { '/Capacity': ['n-a-n', { n: null, a: 100 }] });
    const bank$ = marbleBank(helpers, 'e-x', { e: [], x: [a] });
    helpers.expectObservable(bank$.pipe(sumOfValid('/Capacity'))).toBe('0-a-b', { 0: 0, a: 100, b: 0 });
  });
});

test('meanOfValid averages the valid voltages only, and is 0 when none is valid', () => {
  testScheduler().run((helpers) => {
    const a = marbleBattery(helpers, 'com.victronenergy.battery.a', { '/Dc/0/Voltage': ['a---n', { a: 52, n: null }] });
    const b = marbleBattery(helpers, 'com.victronenergy.battery.b', { '/Dc/0/Voltage': ['n-b--', { n: null, b: 53 }] });
    const bank$ = marbleBank(helpers, 'x---- y', { x: [a, b], y: [] });
    helpers.expectObservable(bank$.pipe(meanOfValid('/Dc/0/Voltage'))).toBe('a-b-c y', { a: 52, b: 52.5, c: 53, y: 0 });
  });
});

test('a battery that joins late contributes its current value at once', () => {
  testScheduler().run((helpers) => {
    const a = marbleBattery(helpers, 'com.victronenergy.battery.a', { '/Soc': ['a', { a: 80 }] });
    const b = marbleBattery(helpers, 'com.victronenergy.battery.b', { '/Soc': ['b', { b: 60 }] });
    const bank$ = marbleBank(helpers, 'x--y', { x: [a], y: [a, b] });
    helpers.expectObservable(bank$.pipe(meanOfValid('/Soc'))).toBe('a--b', { a: 80, b: 70 });
  });
});
