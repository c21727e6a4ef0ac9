import { test } from 'node:test';
import { marbleBank, marbleBattery, testScheduler } from './support/marbleBank';
import { outputOf, pipelineOver } from './support/pipelineOutputs';

const LOWER = 'com.victronenergy.battery.aggregator';
const UPPER = 'com.victronenergy.battery.house';
const A = 'com.victronenergy.battery.a';
const B = 'com.victronenergy.battery.b';
const C = 'com.victronenergy.battery.c';

test('multi-level: the upper aggregator aggregates the lower one plus others; the lower one does not aggregate the upper one back', () => {
  testScheduler().run((helpers) => {
    const a = marbleBattery(helpers, A, { '/Dc/0/Current': ['c', { c: -1 }] });
    const b = marbleBattery(helpers, B, { '/Dc/0/Current': ['c', { c: -2 }] });
    const c = marbleBattery(helpers, C, { '/Dc/0/Current': ['c', { c: -4 }] });
    // each aggregator as the other sees it on the bus
    const lower = marbleBattery(helpers, LOWER, { '/Dc/0/Current': ['c', { c: -3 }], '/System/Batteries': ['l', { l: JSON.stringify([A, B]) }] });
    const upper = marbleBattery(helpers, UPPER, { '/Dc/0/Current': ['c', { c: -7 }], '/System/Batteries': ['l', { l: JSON.stringify([LOWER, C]) }] });
    // both see the whole bus; the lower aggregator is told to leave C to the upper one, which skips A and B
    // since the lower one already holds them
    const [lowerMain] = pipelineOver(marbleBank(helpers, 'x', { x: [a, b, c, upper] }), { excludedServices: [C] });
    const [upperMain] = pipelineOver(marbleBank(helpers, 'x', { x: [a, b, c, lower] }), { serviceName: UPPER });
    helpers.expectObservable(outputOf(lowerMain!, '/System/Batteries')).toBe('l', { l: JSON.stringify([A, B]) });
    helpers.expectObservable(outputOf(lowerMain!, '/Dc/0/Current')).toBe('c', { c: -3 });
    helpers.expectObservable(outputOf(upperMain!, '/System/Batteries')).toBe('l', { l: JSON.stringify([LOWER, C]) });
    helpers.expectObservable(outputOf(upperMain!, '/Dc/0/Current')).toBe('c', { c: -7 });
  });
});

test('multi-level: an aggregator never aggregates its own name, whoever else is on the bus', () => {
  testScheduler().run((helpers) => {
    const a = marbleBattery(helpers, A, { '/Dc/0/Current': ['c', { c: -1 }] });
    const self = marbleBattery(helpers, UPPER, { '/Dc/0/Current': ['c', { c: -100 }] });
    const [main] = pipelineOver(marbleBank(helpers, 'x', { x: [a, self] }), { serviceName: UPPER });
    helpers.expectObservable(outputOf(main!, '/Dc/0/Current')).toBe('c', { c: -1 });
  });
});
