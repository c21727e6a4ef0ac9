import { test } from 'node:test';
import { marbleBank, marbleBattery, testScheduler } from './support/marbleBank';
import { withPublishedPaths } from './support/marblePaths';
import { discoveredPaths } from '../src/pipeline/discoveredPaths';
import type { Battery } from '../src/battery/bank';

const A = 'com.victronenergy.battery.a';
const B = 'com.victronenergy.battery.b';

const PATHS = {
  f: '/Alarms/FuseBlown',
  c: '/Alarms/Contactor',
  g: '/Alarms/GroundFault',
  v: '/Dc/0/Voltage',
  l: '/Alarms/LowVoltage',
};

test('discoveredPaths emits every path under the prefix that a battery publishes, once each, including paths that appear later', () => {
  testScheduler().run((helpers) => {
    const a = withPublishedPaths(helpers, marbleBattery(helpers, A, {}), 'f-v-c', PATHS);
    const b = withPublishedPaths(helpers, marbleBattery(helpers, B, {}), '--f--g', PATHS);
    const bank$ = marbleBank(helpers, 'x', { x: [a, b] });
    // /Dc/0/Voltage is not under the prefix; b's /Alarms/FuseBlown was already seen
    helpers.expectObservable(bank$.pipe(discoveredPaths('/Alarms/'))).toBe('f---cg', PATHS);
  });
});

test('discoveredPaths emits the paths a battery published before it joined, when it joins', () => {
  testScheduler().run((helpers) => {
    const a = withPublishedPaths(helpers, marbleBattery(helpers, A, {}), 'f-c', PATHS);
    const bank$ = marbleBank(helpers, 'e---x', { e: [], x: [a] });
    helpers.expectObservable(bank$.pipe(discoveredPaths('/Alarms/'))).toBe('----(fc)', PATHS);
  });
});

test('discoveredPaths emits nothing for an empty bank, or for batteries with no path under the prefix', () => {
  testScheduler().run((helpers) => {
    const a = withPublishedPaths(helpers, marbleBattery(helpers, A, {}), 'v', PATHS);
    const bank$ = marbleBank(helpers, 'e-x', { e: [], x: [a] });
    helpers.expectObservable(bank$.pipe(discoveredPaths('/Alarms/'))).toBe('');
  });
});

test('discoveredPaths stops following a battery that leaves; a restarted battery is followed anew, without repeating known paths', () => {
  testScheduler().run((helpers) => {
    const old = withPublishedPaths(helpers, marbleBattery(helpers, A, {}), 'f---c', PATHS);
    const restarted = withPublishedPaths(helpers, marbleBattery(helpers, A, {}), '------f-g', PATHS);
    const bank$ = marbleBank(helpers, 'x-e--y', { x: [old], e: [], y: [restarted] });
    // frame 4: the old object, gone, publishes /Alarms/Contactor: not emitted
    helpers.expectObservable(bank$.pipe(discoveredPaths('/Alarms/'))).toBe('f-------g', PATHS);
  });
});

test('discoveredPaths unsubscribes from a battery\'s paths when it leaves or is replaced', () => {
  testScheduler().run((helpers) => {
    const aPaths = helpers.hot<string>('-');
    const bPaths = helpers.hot<string>('-');
    const restartedPaths = helpers.hot<string>('-');
    const on = (id: string, paths$: typeof aPaths): Battery => ({ ...marbleBattery(helpers, id, {}), paths$ });
    const b = on(B, bPaths);
    const bank$ = marbleBank(helpers, '-x--y--z--e', { x: [on(A, aPaths), b], y: [b], z: [on(B, restartedPaths)], e: [] });
    helpers.expectObservable(bank$.pipe(discoveredPaths('/Alarms/')));
    helpers.expectSubscriptions(aPaths.subscriptions).toBe('-^--!');
    helpers.expectSubscriptions(bPaths.subscriptions).toBe('-^-----!');
    helpers.expectSubscriptions(restartedPaths.subscriptions).toBe('-------^--!');
  });
});
