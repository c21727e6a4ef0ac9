import assert from 'node:assert/strict';
import { test } from 'node:test';
import { filter, mergeMap } from 'rxjs';
import { marbleBank, marbleBattery, testScheduler } from './support/marbleBank';
import { withPublishedPaths } from './support/marblePaths';
import { outputOf, outputsOf, pipelineOver } from './support/pipelineOutputs';

const BMS = 'com.victronenergy.battery.bms';
const SHUNT = 'com.victronenergy.battery.shunt';
const OTHER = 'com.victronenergy.battery.other';
const VIRTUAL = 'com.victronenergy.battery.virtual1';

/** A BMS and a shunt in series as one virtual battery: SoC and current from the shunt, the rest from the BMS. */
const CONFIG = { virtualBatteries: { [VIRTUAL]: { [SHUNT]: ['/Soc', '/Dc/0/Current'], [BMS]: [] } } };

test('a virtual battery is published as its own service, each path the first valid value of its members in config order', () => {
  testScheduler().run((helpers) => {
    const bms = marbleBattery(helpers, BMS, { '/Soc': ['b', { b: 70 }], '/Dc/0/Current': ['c', { c: -11 }], '/System/MinCellVoltage': ['v', { v: 3.2 }] });
    const shunt = marbleBattery(helpers, SHUNT, { '/Soc': ['s-n', { s: 64, n: null }], '/Dc/0/Current': ['c', { c: -10 }], '/System/MinCellVoltage': ['v', { v: 9 }] });
    const bank$ = marbleBank(helpers, 'x---y', { x: [bms, shunt], y: [bms] });
    const [, virtual] = pipelineOver(bank$, CONFIG);
    assert.equal(virtual!.name, VIRTUAL);
    assert.equal(virtual!.kind, 'virtual');
    helpers.expectObservable(outputOf(virtual!, '/Soc')).toBe('s-b', { s: 64, b: 70 });
    helpers.expectObservable(outputOf(virtual!, '/Dc/0/Current')).toBe('s---b', { s: -10, b: -11 });
    // the shunt is configured for two paths only: its cell voltage is never taken
    helpers.expectObservable(outputOf(virtual!, '/System/MinCellVoltage')).toBe('v', { v: 3.2 });
    helpers.expectObservable(outputOf(virtual!, '/System/Batteries')).toBe('a---b', { a: JSON.stringify([SHUNT, BMS]), b: JSON.stringify([BMS]) });
  });
});

test('a virtual battery publishes no path of its own identity from its members, and follows a member\'s extra paths', () => {
  testScheduler().run((helpers) => {
    const bms = withPublishedPaths(helpers, marbleBattery(helpers, BMS, { '/Alarms/FuseBlown': ['a', { a: 2 }] }), 'p-f', { p: '/ProductName', f: '/Alarms/FuseBlown' });
    const bank$ = marbleBank(helpers, 'x', { x: [bms] });
    const [, virtual] = pipelineOver(bank$, CONFIG);
    const paths = [...outputsOf(virtual!).keys()];
    for (const own of ['/ProductName', '/DeviceInstance', '/CustomName', '/Mgmt/ProcessName']) assert.ok(!paths.includes(own), own);
    assert.ok(paths.includes('/Soc') && paths.includes('/Info/MaxChargeCurrent'));
    const fuse$ = virtual!.outputs$.pipe(
      filter((output) => output.path === '/Alarms/FuseBlown'),
      mergeMap((output) => output.value$),
    );
    helpers.expectObservable(fuse$).toBe('--a', { a: 2 }); // published by the BMS at frame 2
  });
});

test('the aggregate includes the virtual battery (not its copy read back from the bus) and excludes its members', () => {
  testScheduler().run((helpers) => {
    const bms = marbleBattery(helpers, BMS, { '/Soc': ['b', { b: 70 }], '/Dc/0/Current': ['c', { c: -11 }] });
    const shunt = marbleBattery(helpers, SHUNT, { '/Soc': ['s', { s: 64 }], '/Dc/0/Current': ['c-d', { c: -10, d: -12 }] });
    const other = marbleBattery(helpers, OTHER, { '/Soc': ['o', { o: 80 }], '/Dc/0/Current': ['c', { c: -20 }] });
    const busCopy = marbleBattery(helpers, VIRTUAL, { '/Soc': ['x', { x: 1 }], '/Dc/0/Current': ['x', { x: -1000 }] });
    const bank$ = marbleBank(helpers, 'x---y', { x: [bms, shunt, other, busCopy], y: [other, busCopy] });
    const [main] = pipelineOver(bank$, CONFIG);
    helpers.expectObservable(outputOf(main!, '/System/Batteries')).toBe('a---b', { a: JSON.stringify([OTHER, VIRTUAL]), b: JSON.stringify([OTHER]) });
    helpers.expectObservable(outputOf(main!, '/Dc/0/Current')).toBe('a-b-c', { a: -30, b: -32, c: -20 });
    helpers.expectObservable(outputOf(main!, '/Soc')).toBe('a---b', { a: 72, b: 80 });
  });
});

test('two virtual batteries of a BMS and a shunt each, aggregated in parallel', () => {
  testScheduler().run((helpers) => {
    const battery = (id: string, soc: number, current: number) => marbleBattery(helpers, id, { '/Soc': ['s', { s: soc }], '/Dc/0/Current': ['c', { c: current }] });
    const ids = ['bms1', 'shunt1', 'bms2', 'shunt2'].map((s) => `com.victronenergy.battery.${s}`);
    const bank$ = marbleBank(helpers, 'x', { x: [battery(ids[0]!, 10, 0), battery(ids[1]!, 60, -10), battery(ids[2]!, 20, 0), battery(ids[3]!, 80, -30)] });
    const config = {
      virtualBatteries: {
        'com.victronenergy.battery.virtual1': [ids[1], ids[0]],
        'com.victronenergy.battery.virtual2': [ids[3], ids[2]],
      },
    };
    const services = pipelineOver(bank$, config);
    assert.deepEqual(services.map((s) => s.name), ['com.victronenergy.battery.aggregator', 'com.victronenergy.battery.virtual1', 'com.victronenergy.battery.virtual2']);
    helpers.expectObservable(outputOf(services[0]!, '/Soc')).toBe('a', { a: 70 });
    helpers.expectObservable(outputOf(services[0]!, '/Dc/0/Current')).toBe('a', { a: -40 });
    helpers.expectObservable(outputOf(services[0]!, '/System/NrOfBatteries')).toBe('a', { a: 2 });
  });
});

test('a virtual battery named in excludedServices is published but not aggregated', () => {
  testScheduler().run((helpers) => {
    const bms = marbleBattery(helpers, BMS, { '/Dc/0/Current': ['c', { c: -11 }] });
    const other = marbleBattery(helpers, OTHER, { '/Dc/0/Current': ['c', { c: -20 }] });
    const bank$ = marbleBank(helpers, 'x', { x: [bms, other] });
    const [main, virtual] = pipelineOver(bank$, { ...CONFIG, excludedServices: [VIRTUAL] });
    helpers.expectObservable(outputOf(main!, '/System/Batteries')).toBe('a', { a: JSON.stringify([OTHER]) });
    helpers.expectObservable(outputOf(virtual!, '/Dc/0/Current')).toBe('c', { c: -11 });
  });
});
