import assert from 'node:assert/strict';
import { test } from 'node:test';
import { marbleBank, marbleBattery, testScheduler } from './support/marbleBank';
import { outputOf, pipelineOver } from './support/pipelineOutputs';

const A = 'com.victronenergy.battery.a';
const B = 'com.victronenergy.battery.b';
const S = 'com.victronenergy.battery.s';

test('name: resolves when a battery takes the name, and again when it gives it up', () => {
  const events: Array<[string, string | null]> = [];
  testScheduler().run((helpers) => {
    const a = marbleBattery(helpers, A, { '/Dc/0/Current': ['c', { c: -10 }] });
    const s = marbleBattery(helpers, S, { '/Dc/0/Current': ['c', { c: -4 }], '/CustomName': ['n-s-r', { n: null, s: 'Shunt', r: 'Renamed' }] });
    const bank$ = marbleBank(helpers, 'x', { x: [a, s] });
    const [main] = pipelineOver(bank$, { excludedServices: ['name:Shunt'] }, { onNameResolved: (ref, id) => events.push([ref, id]) });
    helpers.expectObservable(outputOf(main!, '/Dc/0/Current')).toBe('a-b-a', { a: -14, b: -10 });
  });
  assert.deepEqual(events, [
    ['name:Shunt', null],
    ['name:Shunt', S],
    ['name:Shunt', null],
  ]);
});

test('name: waits for a battery that is not there yet, and a battery that joins with the name is resolved in the same step', () => {
  const events: Array<[string, string | null]> = [];
  testScheduler().run((helpers) => {
    const a = marbleBattery(helpers, A, { '/Soc': ['a', { a: 80 }] });
    const s = marbleBattery(helpers, S, { '/Soc': ['s', { s: 50 }], '/CustomName': ['n', { n: 'Shunt' }] });
    const bank$ = marbleBank(helpers, 'x--y', { x: [a], y: [a, s] });
    const [main] = pipelineOver(bank$, { primaryServices: { 'name:Shunt': ['/Soc'] } }, { onNameResolved: (ref, id) => events.push([ref, id]) });
    helpers.expectObservable(outputOf(main!, '/Soc')).toBe('a--s', { a: 80, s: 50 });
    helpers.expectObservable(outputOf(main!, '/System/NrOfBatteries')).toBe('1', { 1: 1 });
  });
  assert.deepEqual(events, [
    ['name:Shunt', null],
    ['name:Shunt', S],
  ]);
});

test('name: two batteries with the same name: the first by service name is meant, whatever order they came in', () => {
  testScheduler().run((helpers) => {
    const a = marbleBattery(helpers, A, { '/Soc': ['a', { a: 80 }], '/CustomName': ['n', { n: 'Twin' }] });
    const b = marbleBattery(helpers, B, { '/Soc': ['b', { b: 60 }], '/CustomName': ['n', { n: 'Twin' }] });
    const bank$ = marbleBank(helpers, 'x-y', { x: [b], y: [b, a] });
    const [main] = pipelineOver(bank$, { excludedServices: ['name:Twin'] });
    helpers.expectObservable(outputOf(main!, '/System/Batteries')).toBe('n-b', { n: '[]', b: JSON.stringify([B]) });
  });
});
