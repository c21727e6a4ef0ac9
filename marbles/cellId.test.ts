import { test } from 'node:test';
import { marbleBank, marbleBattery, testScheduler } from './support/marbleBank';
import { extremeCellId } from '../src/pipeline/aggregate/extremeCellId';

const S5 = 'com.victronenergy.battery.ttyS5';
const S6 = 'com.victronenergy.battery.ttyS6';

const minVoltageCell = () => extremeCellId('/System/MinCellVoltage', '/System/MinVoltageCellId', 'min');
const maxTemperatureCell = () => extremeCellId('/System/MaxCellTemperature', '/System/MaxTemperatureCellId', 'max');

test('cell id: "<short service name> <cell id>" of the battery holding the lowest cell voltage', () => {
  testScheduler().run((helpers) => {
    const s5 = marbleBattery(helpers, S5, { '/System/MinCellVoltage': ['v', { v: 3.21 }], '/System/MinVoltageCellId': ['c', { c: 'C4' }] });
    const s6 = marbleBattery(helpers, S6, { '/System/MinCellVoltage': ['v', { v: 3.25 }], '/System/MinVoltageCellId': ['c', { c: 'C1' }] });
    const bank$ = marbleBank(helpers, 'x', { x: [s5, s6] });
    helpers.expectObservable(bank$.pipe(minVoltageCell())).toBe('l', { l: 'ttyS5 C4' });
  });
});

test('cell id: the battery\'s /CustomName is used instead of its service name when it has one', () => {
  testScheduler().run((helpers) => {
    const s5 = marbleBattery(helpers, S5, {
      '/System/MaxCellTemperature': ['t', { t: 31 }],
      '/System/MaxTemperatureCellId': ['c', { c: 'C7' }],
      '/CustomName': ['n', { n: 'Rack A' }],
    });
    const s6 = marbleBattery(helpers, S6, { '/System/MaxCellTemperature': ['t', { t: 30 }], '/System/MaxTemperatureCellId': ['c', { c: 'C2' }] });
    const bank$ = marbleBank(helpers, 'x', { x: [s5, s6] });
    helpers.expectObservable(bank$.pipe(maxTemperatureCell())).toBe('l', { l: 'Rack A C7' });
  });
});

test('cell id: an empty, blank or invalid /CustomName falls back to the short service name', () => {
  testScheduler().run((helpers) => {
    const s5 = marbleBattery(helpers, S5, {
      '/System/MinCellVoltage': ['v', { v: 3.2 }],
      '/System/MinVoltageCellId': ['c', { c: 'C4' }],
      '/CustomName': ['e-b-n-r', { e: '', b: '  ', n: null, r: 'Rack A' }],
    });
    const bank$ = marbleBank(helpers, 'x', { x: [s5] });
    helpers.expectObservable(bank$.pipe(minVoltageCell())).toBe('s-----r', { s: 'ttyS5 C4', r: 'Rack A C4' });
  });
});

test('cell id: just the battery\'s name when it publishes no cell id', () => {
  testScheduler().run((helpers) => {
    const s5 = marbleBattery(helpers, S5, {
      '/System/MinCellVoltage': ['v', { v: 3.2 }],
      '/System/MinVoltageCellId': ['n-e-c', { n: null, e: '', c: 'C4' }],
    });
    const bank$ = marbleBank(helpers, 'x', { x: [s5] });
    helpers.expectObservable(bank$.pipe(minVoltageCell())).toBe('s---c', { s: 'ttyS5', c: 'ttyS5 C4' });
  });
});

test('cell id: a name outside com.victronenergy.battery. is shown whole', () => {
  testScheduler().run((helpers) => {
    const other = marbleBattery(helpers, 'com.example.pack', {
      '/System/MinCellVoltage': ['v', { v: 3.2 }],
      '/System/MinVoltageCellId': ['c', { c: 'C4' }],
    });
    const bank$ = marbleBank(helpers, 'x', { x: [other] });
    helpers.expectObservable(bank$.pipe(minVoltageCell())).toBe('l', { l: 'com.example.pack C4' });
  });
});

test('cell id: invalid for an empty bank and when no battery has a valid value', () => {
  testScheduler().run((helpers) => {
    const s5 = marbleBattery(helpers, S5, {
      '/System/MinCellVoltage': ['n-v-n', { n: null, v: 3.2 }],
      '/System/MinVoltageCellId': ['c', { c: 'C4' }],
    });
    const bank$ = marbleBank(helpers, 'e-x', { e: [], x: [s5] });
    helpers.expectObservable(bank$.pipe(minVoltageCell())).toBe('n-l-n', { n: null, l: 'ttyS5 C4' });
  });
});

test('cell id follows the extreme from battery to battery over time, and is not re-emitted while the label stands', () => {
  testScheduler().run((helpers) => {
    const s5 = marbleBattery(helpers, S5, {
      '/System/MinCellVoltage': ['a-b---c', { a: 3.21, b: 3.22, c: 3.3 }],
      '/System/MinVoltageCellId': ['c---d', { c: 'C4', d: 'C9' }],
    });
    const s6 = marbleBattery(helpers, S6, { '/System/MinCellVoltage': ['v', { v: 3.25 }], '/System/MinVoltageCellId': ['c', { c: 'C1' }] });
    const bank$ = marbleBank(helpers, 'x-------y', { x: [s5, s6], y: [s5] });
    // frame 2: ttyS5 is still lowest; frame 4: its lowest cell changes; frame 6: ttyS6 is lowest; frame 8: it leaves
    helpers.expectObservable(bank$.pipe(minVoltageCell())).toBe('a---b-c-b', { a: 'ttyS5 C4', b: 'ttyS5 C9', c: 'ttyS6 C1' });
  });
});

test('cell id: on a tie, the battery first by id, whatever order they joined in', () => {
  testScheduler().run((helpers) => {
    const s5 = marbleBattery(helpers, S5, { '/System/MinCellVoltage': ['v', { v: 3.2 }], '/System/MinVoltageCellId': ['c', { c: 'C4' }] });
    const s6 = marbleBattery(helpers, S6, { '/System/MinCellVoltage': ['v', { v: 3.2 }], '/System/MinVoltageCellId': ['c', { c: 'C1' }] });
    const oneOrder$ = marbleBank(helpers, 'x', { x: [s5, s6] });
    const otherOrder$ = marbleBank(helpers, 'x', { x: [s6, s5] });
    helpers.expectObservable(oneOrder$.pipe(minVoltageCell())).toBe('l', { l: 'ttyS5 C4' });
    helpers.expectObservable(otherOrder$.pipe(minVoltageCell())).toBe('l', { l: 'ttyS5 C4' });
  });
});

test('cell id: a restarted battery\'s old /CustomName and cell id do not survive', () => {
  testScheduler().run((helpers) => {
    const old = marbleBattery(helpers, S5, {
      '/System/MinCellVoltage': ['v', { v: 3.2 }],
      '/System/MinVoltageCellId': ['c', { c: 'C4' }],
      '/CustomName': ['n', { n: 'Rack A' }],
    });
    const restarted = marbleBattery(helpers, S5, { '/System/MinCellVoltage': ['v', { v: 3.2 }] });
    const bank$ = marbleBank(helpers, 'x-y', { x: [old], y: [restarted] });
    helpers.expectObservable(bank$.pipe(minVoltageCell())).toBe('a-b', { a: 'Rack A C4', b: 'ttyS5' });
  });
});
