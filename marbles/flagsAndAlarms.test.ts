import { test } from 'node:test';
import { marbleBank, marbleBattery, testScheduler } from './support/marbleBank';
import { anyFlag } from '../src/pipeline/aggregate/anyFlag';
import { worstAlarm } from '../src/pipeline/aggregate/worstAlarm';

const A = 'com.victronenergy.battery.a';
const B = 'com.victronenergy.battery.b';

test('boolean: /Io/AllowToCharge is 1 when any battery allows, 0 when all valid flags are 0, invalid when none is valid', () => {
  testScheduler().run((helpers) => {
    const a = marbleBattery(helpers, A, { '/Io/AllowToCharge': ['n-z--o-', { n: null, z: 0, o: 1 }] });
    const b = marbleBattery(helpers, B, { '/Io/AllowToCharge': ['n--z---', { n: null, z: 0 }] });
    const bank$ = marbleBank(helpers, 'x------y-e', { x: [a, b], y: [b], e: [] });
    helpers.expectObservable(bank$.pipe(anyFlag('/Io/AllowToCharge'))).toBe('n-z--o-z-n', { n: null, z: 0, o: 1 });
  });
});

test('boolean: a flag of any non-zero value counts as set', () => {
  testScheduler().run((helpers) => {
    const a = marbleBattery(helpers, A, { '/Balancing': ['z-t', { z: 0, t: 2 }] });
    const bank$ = marbleBank(helpers, 'x', { x: [a] });
    helpers.expectObservable(bank$.pipe(anyFlag('/Balancing'))).toBe('z-o', { z: 0, o: 1 });
  });
});

test('boolean: a restarted battery\'s old flag does not survive', () => {
  testScheduler().run((helpers) => {
    const old = marbleBattery(helpers, A, { '/Balancing': ['o', { o: 1 }] });
    const restarted = marbleBattery(helpers, A, { '/Balancing': ['---z', { z: 0 }] });
    const bank$ = marbleBank(helpers, 'x-y', { x: [old], y: [restarted] });
    helpers.expectObservable(bank$.pipe(anyFlag('/Balancing'))).toBe('o-nz', { o: 1, n: null, z: 0 });
  });
});

test('alarm: the worst level over the batteries (0 ok, 1 warning, 2 alarm), 0 for an empty bank and when none is valid', () => {
  testScheduler().run((helpers) => {
    const a = marbleBattery(helpers, A, { '/Alarms/LowVoltage': ['z-w--n---', { z: 0, w: 1, n: null }] });
    const b = marbleBattery(helpers, B, { '/Alarms/LowVoltage': ['n--a----z', { n: null, a: 2, z: 0 }] });
    const bank$ = marbleBank(helpers, 'e-x----y', { e: [], x: [a, b], y: [b] });
    // frame 5: a's warning becomes invalid (b's alarm stands); frame 7: a leaves; frame 8: b is back to ok
    helpers.expectObservable(bank$.pipe(worstAlarm('/Alarms/LowVoltage'))).toBe('0-wa----z', { 0: 0, w: 1, a: 2, z: 0 });
  });
});

test('alarm: is 0, not invalid, when no battery reports the alarm at all', () => {
  testScheduler().run((helpers) => {
    const a = marbleBattery(helpers, A, {});
    const bank$ = marbleBank(helpers, 'x', { x: [a] });
    helpers.expectObservable(bank$.pipe(worstAlarm('/Alarms/HighTemperature'))).toBe('z', { z: 0 });
  });
});

test('alarm: a restarted battery\'s old alarm does not survive, and an unchanged level is not re-emitted', () => {
  testScheduler().run((helpers) => {
    const old = marbleBattery(helpers, A, { '/Alarms/HighVoltage': ['a', { a: 2 }] });
    const restarted = marbleBattery(helpers, A, { '/Alarms/HighVoltage': ['---z-z', { z: 0 }] });
    const b = marbleBattery(helpers, B, { '/Alarms/HighVoltage': ['z---w', { z: 0, w: 1 }] });
    const bank$ = marbleBank(helpers, 'x-y', { x: [old, b], y: [restarted, b] });
    helpers.expectObservable(bank$.pipe(worstAlarm('/Alarms/HighVoltage'))).toBe('a-z-w', { a: 2, z: 0, w: 1 });
  });
});
