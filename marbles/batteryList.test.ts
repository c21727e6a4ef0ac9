import { test } from 'node:test';
import { marbleBank, marbleBattery, testScheduler } from './support/marbleBank';
import { batteryCount, batteryList } from '../src/pipeline/aggregate/batteryList';

const A = 'com.victronenergy.battery.a';
const B = 'com.victronenergy.battery.b';

test('/System/Batteries is the JSON list of the aggregated service names, sorted, following joins and leaves', () => {
  testScheduler().run((helpers) => {
    const a = marbleBattery(helpers, A, {});
    const b = marbleBattery(helpers, B, {});
    const bank$ = marbleBank(helpers, 'e-x-y-w', { e: [], x: [b], y: [b, a], w: [a] });
    helpers.expectObservable(bank$.pipe(batteryList())).toBe('e-x-y-w', {
      e: '[]',
      x: `["${B}"]`,
      y: `["${A}","${B}"]`,
      w: `["${A}"]`,
    });
  });
});

test('/System/NrOfBatteries counts the aggregated batteries, 0 for an empty bank', () => {
  testScheduler().run((helpers) => {
    const a = marbleBattery(helpers, A, {});
    const b = marbleBattery(helpers, B, {});
    const bank$ = marbleBank(helpers, 'e-x-y-w-e', { e: [], x: [b], y: [b, a], w: [a] });
    helpers.expectObservable(bank$.pipe(batteryCount())).toBe('0-1-2-1-0', { 0: 0, 1: 1, 2: 2 });
  });
});

test('a restarted battery (same id, new object) changes neither the list nor the count, so neither is re-emitted', () => {
  testScheduler().run((helpers) => {
    const a = marbleBattery(helpers, A, {});
    const restarted = marbleBattery(helpers, A, {});
    const b = marbleBattery(helpers, B, {});
    const bank$ = marbleBank(helpers, 'x-y-z', { x: [a, b], y: [restarted, b], z: [b, restarted] });
    helpers.expectObservable(bank$.pipe(batteryList())).toBe('l', { l: `["${A}","${B}"]` });
    helpers.expectObservable(bank$.pipe(batteryCount())).toBe('2', { 2: 2 });
  });
});
