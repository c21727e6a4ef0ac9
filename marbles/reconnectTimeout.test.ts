import { test } from 'node:test';
import { marbleBank, marbleBattery, testScheduler } from './support/marbleBank';
import { outputOf, pipelineOver } from './support/pipelineOutputs';

const A = 'com.victronenergy.battery.a';
const B = 'com.victronenergy.battery.b';

// reconnectTimeout 0.005 s = 5 frames of virtual time.
const CONFIG = { reconnectTimeout: 0.005 };

test('reconnectTimeout: a battery back within the timeout never left; one away longer leaves once it has passed, limits included', () => {
  const scheduler = testScheduler();
  scheduler.run((helpers) => {
    const a = marbleBattery(helpers, A, { '/Dc/0/Current': ['a', { a: -10 }], '/Info/MaxChargeCurrent': ['l', { l: 50 }] });
    const b = marbleBattery(helpers, B, { '/Dc/0/Current': ['b', { b: -5 }], '/Info/MaxChargeCurrent': ['l', { l: 90 }] });
    // b's driver restarts: a new battery object under the same name, with new values
    const b2 = marbleBattery(helpers, B, { '/Dc/0/Current': ['b', { b: -7 }], '/Info/MaxChargeCurrent': ['l', { l: 90 }] });
    const bank$ = marbleBank(helpers, 'x-y-z---y', { x: [a, b], y: [a], z: [a, b2] });
    const [main] = pipelineOver(bank$, CONFIG, { scheduler });
    helpers.expectObservable(outputOf(main!, '/System/NrOfBatteries')).toBe('2------------1', { 1: 1, 2: 2 });
    helpers.expectObservable(outputOf(main!, '/Dc/0/Current')).toBe('a---b--------c', { a: -15, b: -17, c: -10 });
    helpers.expectObservable(outputOf(main!, '/Info/MaxChargeCurrent')).toBe('a------------b', { a: 100, b: 50 });
  });
});

test('reconnectTimeout 0 (the default): a vanished battery leaves at once', () => {
  const scheduler = testScheduler();
  scheduler.run((helpers) => {
    const a = marbleBattery(helpers, A, { '/Dc/0/Current': ['a', { a: -10 }] });
    const b = marbleBattery(helpers, B, { '/Dc/0/Current': ['b', { b: -5 }] });
    const bank$ = marbleBank(helpers, 'x-y-x', { x: [a, b], y: [a] });
    const [main] = pipelineOver(bank$, {}, { scheduler });
    helpers.expectObservable(outputOf(main!, '/Dc/0/Current')).toBe('a-b-a', { a: -15, b: -10 });
  });
});
