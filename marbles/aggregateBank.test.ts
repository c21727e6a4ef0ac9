import assert from 'node:assert/strict';
import { test } from 'node:test';
import { filter, map, mergeMap, take, type Observable } from 'rxjs';
import { marbleBank, marbleBattery, testScheduler } from './support/marbleBank';
import { withPublishedPaths } from './support/marblePaths';
import { aggregateBank } from '../src/pipeline/aggregateBank';
import { AGGREGATION_RULES, CELL_ID_RULES, KNOWN_ALARMS } from '../src/battery/paths';
import type { Bank } from '../src/battery/bank';
import type { Value } from '../src/battery/value';
import type { RunHelpers } from 'rxjs/testing';

const A = 'com.victronenergy.battery.a';
const B = 'com.victronenergy.battery.b';

/** The value stream of every output path emitted on subscription, by path. */
function outputsOf(bank$: Observable<Bank>): Map<string, Observable<Value>> {
  const outputs = new Map<string, Observable<Value>>();
  aggregateBank(bank$)
    .subscribe((output) => outputs.set(output.path, output.value$))
    .unsubscribe();
  return outputs;
}

function twoBatteries(helpers: RunHelpers): Observable<Bank> {
  const a = marbleBattery(helpers, A, {
    '/Dc/0/Current': ['a-b', { a: -10, b: -12 }],
    '/Dc/0/Voltage': ['v', { v: 52 }],
    '/Alarms/LowVoltage': ['z---a', { z: 0, a: 2 }],
    '/Info/MaxChargeCurrent': ['l', { l: 50 }],
    '/Info/ChargeMode': ['m', { m: 'Bulk' }],
    '/System/MinCellVoltage': ['v', { v: 3.21 }],
    '/System/MinVoltageCellId': ['c', { c: 'C4' }],
  });
  const b = marbleBattery(helpers, B, {
    '/Dc/0/Current': ['a', { a: -5.5 }],
    '/Dc/0/Voltage': ['v', { v: 53 }],
    '/Alarms/LowVoltage': ['z', { z: 0 }],
    '/Info/MaxChargeCurrent': ['l', { l: 90 }],
    '/Info/ChargeMode': ['m', { m: 'Absorption' }],
    '/System/MinCellVoltage': ['v', { v: 3.25 }],
    '/CustomName': ['n', { n: 'Rack B' }],
  });
  return marbleBank(helpers, 'x-----y', { x: [a, b], y: [b] });
}

test('aggregateBank publishes every aggregated path of the doc once, on subscription', () => {
  testScheduler().run((helpers) => {
    const paths: string[] = [];
    aggregateBank(twoBatteries(helpers))
      .subscribe((output) => paths.push(output.path))
      .unsubscribe();
    assert.equal(new Set(paths).size, paths.length, 'no path is published twice');
    const expected = [
      ...AGGREGATION_RULES.map(([path]) => path),
      ...KNOWN_ALARMS,
      ...CELL_ID_RULES.map((rule) => rule.idPath),
      '/Info/ChargeMode',
      '/System/Batteries',
      '/System/NrOfBatteries',
      '/System/BatteriesParallel',
      '/System/BatteriesSeries',
      '/Info/MaxChargeCurrent',
      '/Info/MaxDischargeCurrent',
      '/Info/MaxChargeVoltage',
      '/System/InternalResistances',
      '/System/EMFs',
      '/Info/ChargeLimitation',
      '/Info/DischargeLimitation',
      '/Info/ChargeVoltageLimitation',
      '/System/CurrentShares',
    ];
    assert.deepEqual([...paths].sort(), [...expected].sort());
  });
});

test('aggregateBank: /Dc/0/Current is the sum and /Dc/0/Voltage the mean over the bank', () => {
  testScheduler().run((helpers) => {
    const outputs = outputsOf(twoBatteries(helpers));
    helpers.expectObservable(outputs.get('/Dc/0/Current')!).toBe('a-b---c', { a: -15.5, b: -17.5, c: -5.5 });
    helpers.expectObservable(outputs.get('/Dc/0/Voltage')!).toBe('a-----b', { a: 52.5, b: 53 });
  });
});

test('aggregateBank: /System/Batteries, /System/NrOfBatteries, /System/BatteriesParallel and /System/BatteriesSeries', () => {
  testScheduler().run((helpers) => {
    const outputs = outputsOf(twoBatteries(helpers));
    helpers.expectObservable(outputs.get('/System/Batteries')!).toBe('a-----b', { a: `["${A}","${B}"]`, b: `["${B}"]` });
    helpers.expectObservable(outputs.get('/System/NrOfBatteries')!).toBe('2-----1', { 2: 2, 1: 1 });
    helpers.expectObservable(outputs.get('/System/BatteriesParallel')!).toBe('2-----1', { 2: 2, 1: 1 });
    helpers.expectObservable(outputs.get('/System/BatteriesSeries')!.pipe(take(1))).toBe('(1|)', { 1: 1 });
  });
});

test('aggregateBank: an alarm is the worst level, the charge mode, cell id and current limit are those of the doc', () => {
  testScheduler().run((helpers) => {
    const outputs = outputsOf(twoBatteries(helpers));
    helpers.expectObservable(outputs.get('/Alarms/LowVoltage')!).toBe('z---a-z', { z: 0, a: 2 });
    helpers.expectObservable(outputs.get('/Alarms/HighVoltage')!).toBe('z', { z: 0 });
    helpers.expectObservable(outputs.get('/Info/ChargeMode')!).toBe('t-----a', { t: 'Absorption Transition', a: 'Absorption' });
    helpers.expectObservable(outputs.get('/System/MinVoltageCellId')!).toBe('a-----b', { a: 'a C4', b: 'Rack B' });
    helpers.expectObservable(outputs.get('/Info/MaxChargeCurrent')!).toBe('a-----b', { a: 100, b: 90 });
    helpers.expectObservable(outputs.get('/Info/MaxDischargeCurrent')!).toBe('n', { n: null });
    helpers.expectObservable(outputs.get('/Info/MaxChargeVoltage')!).toBe('n', { n: null });
  });
});

test('aggregateBank: an alarm path no driver is known for (/Alarms/FuseBlown) becomes a new output path when a battery publishes it', () => {
  testScheduler().run((helpers) => {
    const paths = { f: '/Alarms/FuseBlown', l: '/Alarms/LowVoltage', s: '/Soc' };
    const a = withPublishedPaths(
      helpers,
      marbleBattery(helpers, A, { '/Alarms/FuseBlown': ['z--a--z', { z: 0, a: 2 }], '/Alarms/LowVoltage': ['z', { z: 0 }] }),
      'l-s-f',
      paths,
    );
    const b = withPublishedPaths(helpers, marbleBattery(helpers, B, { '/Alarms/FuseBlown': ['w', { w: 1 }] }), '------f', paths);
    const bank$ = marbleBank(helpers, 'x', { x: [a, b] });
    const known = new Set<string>(KNOWN_ALARMS);
    const outputs$ = aggregateBank(bank$);
    helpers.expectObservable(
      outputs$.pipe(
        filter((output) => output.path.startsWith('/Alarms/') && !known.has(output.path)),
        map((output) => output.path),
      ),
    ).toBe('----f', paths);
    // a known alarm a battery lists among its paths is not published a second time
    helpers.expectObservable(
      outputs$.pipe(
        filter((output) => output.path === '/Alarms/LowVoltage'),
        map((output) => output.path),
      ),
    ).toBe('l', paths);
    helpers.expectObservable(
      outputs$.pipe(
        filter((output) => output.path === '/Alarms/FuseBlown'),
        mergeMap((output) => output.value$),
      ),
    ).toBe('----a-w', { a: 2, w: 1 });
  });
});
