import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Observable } from 'rxjs';
import { marbleBank, marbleBattery, testScheduler } from './support/marbleBank';
import { outputOf, pipelineOver } from './support/pipelineOutputs';
import type { Bank } from '../src/battery/bank';

const A = 'com.victronenergy.battery.a';
const B = 'com.victronenergy.battery.b';
const SHUNT = 'com.victronenergy.battery.shunt';
const META = 'com.victronenergy.battery.meta';

const main = (batteries$: Observable<Bank>, file: object) => pipelineOver(batteries$, file)[0]!;

test('primary (map form): the shunt\'s /Soc wins over the mean while valid; the shunt is not aggregated', () => {
  testScheduler().run((helpers) => {
    const a = marbleBattery(helpers, A, { '/Soc': ['a', { a: 80 }], '/Dc/0/Current': ['c', { c: -10 }] });
    const b = marbleBattery(helpers, B, { '/Soc': ['a', { a: 90 }], '/Dc/0/Current': ['c', { c: -5 }] });
    const shunt = marbleBattery(helpers, SHUNT, { '/Soc': ['s-t-n', { s: 50, t: 51, n: null }], '/Dc/0/Current': ['c', { c: -99 }] });
    const bank$ = marbleBank(helpers, 'x', { x: [a, b, shunt] });
    const service = main(bank$, { primaryServices: { [SHUNT]: ['/Soc'] } });
    helpers.expectObservable(outputOf(service, '/Soc')).toBe('s-t-m', { s: 50, t: 51, m: 85 });
    // the shunt's current is neither aggregated nor, not being configured for it, taken
    helpers.expectObservable(outputOf(service, '/Dc/0/Current')).toBe('c', { c: -15 });
    helpers.expectObservable(outputOf(service, '/System/NrOfBatteries')).toBe('n', { n: 2 });
  });
});

test('primary (list form): a primary service that vanishes stops contributing, and contributes again when it returns', () => {
  testScheduler().run((helpers) => {
    const a = marbleBattery(helpers, A, { '/Soc': ['a', { a: 80 }], '/Dc/0/Voltage': ['v', { v: 52 }] });
    const shunt = marbleBattery(helpers, SHUNT, { '/Soc': ['s', { s: 50 }], '/Dc/0/Voltage': ['v', { v: 52.2 }] });
    const bank$ = marbleBank(helpers, 'x-y-x', { x: [a, shunt], y: [a] });
    const service = main(bank$, { primaryServices: [SHUNT] });
    helpers.expectObservable(outputOf(service, '/Soc')).toBe('s-m-s', { s: 50, m: 80 });
    helpers.expectObservable(outputOf(service, '/Dc/0/Voltage')).toBe('s-m-s', { s: 52.2, m: 52 });
  });
});

test('primary: the first service in config order with a valid value wins', () => {
  testScheduler().run((helpers) => {
    const a = marbleBattery(helpers, A, { '/Soc': ['a', { a: 80 }] });
    const shunt = marbleBattery(helpers, SHUNT, { '/Soc': ['n-s', { n: null, s: 50 }] });
    const meta = marbleBattery(helpers, META, { '/Soc': ['m', { m: 60 }] });
    const bank$ = marbleBank(helpers, 'x', { x: [a, meta, shunt] });
    const service = main(bank$, { primaryServices: { [SHUNT]: ['/Soc'], [META]: [] } });
    helpers.expectObservable(outputOf(service, '/Soc')).toBe('m-s', { m: 60, s: 50 });
  });
});

test('auxiliary: used only where no aggregated battery has a valid value, including a sum that would read 0', () => {
  testScheduler().run((helpers) => {
    const a = marbleBattery(helpers, A, { '/Soc': ['a', { a: 80 }], '/Dc/0/Temperature': ['n--t', { n: null, t: 30 }] });
    const meta = marbleBattery(helpers, META, { '/Soc': ['m', { m: 60 }], '/Dc/0/Temperature': ['t', { t: 25 }], '/Dc/0/Current': ['c', { c: -3 }] });
    const bank$ = marbleBank(helpers, 'x', { x: [a, meta] });
    const service = main(bank$, { auxiliaryServices: [META] });
    helpers.expectObservable(outputOf(service, '/Soc')).toBe('a', { a: 80 });
    helpers.expectObservable(outputOf(service, '/Dc/0/Temperature')).toBe('m--t', { m: 25, t: 30 });
    helpers.expectObservable(outputOf(service, '/Dc/0/Current')).toBe('c', { c: -3 });
    helpers.expectObservable(outputOf(service, '/System/Batteries')).toBe('l', { l: JSON.stringify([A]) });
  });
});

test('precedence never touches the charge limits', () => {
  testScheduler().run((helpers) => {
    const a = marbleBattery(helpers, A, { '/Info/MaxChargeCurrent': ['l', { l: 50 }] });
    const shunt = marbleBattery(helpers, SHUNT, { '/Info/MaxChargeCurrent': ['l', { l: 500 }] });
    const bank$ = marbleBank(helpers, 'x', { x: [a, shunt] });
    const service = main(bank$, { primaryServices: [SHUNT] });
    helpers.expectObservable(outputOf(service, '/Info/MaxChargeCurrent')).toBe('l', { l: 50 });
  });
});

test('excludedServices (name and name:) leave the aggregate; capacity replaces /InstalledCapacity and gives /Capacity from the SoC', () => {
  testScheduler().run((helpers) => {
    const a = marbleBattery(helpers, A, { '/Soc': ['a', { a: 80 }], '/InstalledCapacity': ['c', { c: 100 }] });
    const b = marbleBattery(helpers, B, { '/Soc': ['a', { a: 10 }], '/CustomName': ['n', { n: 'Spare' }] });
    const shunt = marbleBattery(helpers, SHUNT, { '/Soc': ['a', { a: 20 }] });
    const bank$ = marbleBank(helpers, 'x', { x: [a, b, shunt] });
    const service = main(bank$, { excludedServices: [SHUNT, 'name:Spare'], capacity: 200 });
    helpers.expectObservable(outputOf(service, '/Soc')).toBe('a', { a: 80 });
    helpers.expectObservable(outputOf(service, '/InstalledCapacity')).toBe('(c|)', { c: 200 });
    helpers.expectObservable(outputOf(service, '/Capacity')).toBe('c', { c: 160 });
  });
});

test('safety paths: a primary service\'s 1 never lifts a battery\'s charge block, and its "ok" never hides a battery\'s alarm', () => {
  testScheduler().run((helpers) => {
    const a = marbleBattery(helpers, A, { '/Io/AllowToCharge': ['y-n', { y: 1, n: 0 }], '/Alarms/HighVoltage': ['o-a', { o: 0, a: 2 }], '/Soc': ['s', { s: 80 }] });
    const shunt = marbleBattery(helpers, SHUNT, { '/Io/AllowToCharge': ['y', { y: 1 }], '/Alarms/HighVoltage': ['w', { w: 1 }], '/Soc': ['s', { s: 50 }] });
    const bank$ = marbleBank(helpers, 'x', { x: [a, shunt] });
    const service = main(bank$, { primaryServices: [SHUNT] });
    helpers.expectObservable(outputOf(service, '/Io/AllowToCharge')).toBe('y-n', { y: 1, n: 0 });
    helpers.expectObservable(outputOf(service, '/Alarms/HighVoltage')).toBe('w-a', { w: 1, a: 2 });
    helpers.expectObservable(outputOf(service, '/Soc')).toBe('s', { s: 50 });
  });
});

test('a path an auxiliary service is named for that the aggregate does not publish (/Info/Location) is published from it', () => {
  testScheduler().run((helpers) => {
    const a = marbleBattery(helpers, A, { '/Soc': ['a', { a: 80 }] });
    const meta = marbleBattery(helpers, META, { '/Info/Location': ['l-m', { l: 'Engine room', m: 'Bow' }] });
    const bank$ = marbleBank(helpers, 'x', { x: [a, meta] });
    const service = main(bank$, { auxiliaryServices: { [META]: ['/Info/Location', '/Soc'] } });
    helpers.expectObservable(outputOf(service, '/Info/Location')).toBe('l-m', { l: 'Engine room', m: 'Bow' });
    helpers.expectObservable(outputOf(service, '/Soc')).toBe('a', { a: 80 });
    const paths: string[] = [];
    service.outputs$.subscribe((output) => paths.push(output.path)).unsubscribe();
    assert.equal(new Set(paths).size, paths.length, 'no path published twice');
  });
});
