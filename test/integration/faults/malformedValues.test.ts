import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Variant } from 'dbus-next';
import { publishBattery, type TestBattery } from '../../helpers/testBattery';
import { eventually, getItems, getValue } from '../../helpers/busClient';
import { MAX_PATHS_PER_SERVICE } from '../../../src/bus/serviceWatcher';
import { startRawBattery, type RawBattery } from './rawBattery';
import { AGGREGATE, assertSameAsFreshStart, assertServiceUp, startFaultBus, waitForAggregate, type FaultBus } from './faultBus';

const A = 'com.victronenergy.battery.ttyA';
const X = 'com.victronenergy.battery.bad';

const d = (value: number) => new Variant('d', value);

/** Each bad value is sent three times: counted three times, logged once, and invalid in the aggregate meanwhile. */
const BAD_VALUES: ReadonlyArray<{ what: string; path: string; values: Variant[]; aggregate: unknown }> = [
  { what: 'a string where a number belongs', path: '/Dc/0/Temperature', values: ['hot', 'hotter', 'hottest'].map((s) => new Variant('s', s)), aggregate: 20 },
  // Read by several folds (mean, start-up wait, resistance): still one problem per change.
  { what: 'a string where a voltage belongs', path: '/Dc/0/Voltage', values: ['x', 'y', 'z'].map((s) => new Variant('s', s)), aggregate: 53 },
  { what: 'NaN', path: '/Soc', values: [d(NaN), d(NaN), d(NaN)], aggregate: 60 },
  { what: 'Infinity', path: '/TimeToGo', values: [d(Infinity), d(-Infinity), d(Infinity)], aggregate: 3600 },
  { what: 'nested arrays', path: '/Dc/0/Current', values: [[[1]], [[2]], [[3, 4]]].map((v) => new Variant('aai', v)), aggregate: -10 },
  { what: 'a 100,000-character string', path: '/Info/ChargeMode', values: ['x', 'y', 'z'].map((c) => new Variant('s', c.repeat(100_000))), aggregate: 'Bulk' },
  { what: 'a struct', path: '/System/MaxCellVoltage', values: [1, 2, 3].map((n) => new Variant('(id)', [n, 3.5])), aggregate: 3.4 },
  { what: 'a dict', path: '/System/MinCellVoltage', values: [1, 2, 3].map((n) => new Variant('a{sv}', { n: new Variant('i', n) })), aggregate: 3.1 },
  { what: 'a variant of a variant', path: '/Capacity', values: [1, 2, 3].map((n) => new Variant('v', new Variant('d', n))), aggregate: 100 },
  { what: 'bytes', path: '/ConsumedAmphours', values: [1, 2, 3].map((n) => new Variant('ay', Buffer.from([n]))), aggregate: -5 },
];

const GOOD_X = {
  '/Soc': d(80),
  '/Dc/0/Voltage': d(51),
  '/Dc/0/Current': d(-20),
  '/Dc/0/Temperature': d(25),
  '/Info/ChargeMode': new Variant('s', 'Bulk'),
  '/System/MaxCellVoltage': d(3.45),
  '/System/MinCellVoltage': d(3.0),
  '/Capacity': d(50),
  '/ConsumedAmphours': d(-1),
  '/TimeToGo': d(7200),
};

/** Values and signals of the wrong type or shape: rejected, counted, logged once; everything else flows. */
describe('malformed values from a battery', () => {
  let faults: FaultBus;
  let a: TestBattery;
  let x: RawBattery;
  let tick = 0;

  before(async () => {
    faults = await startFaultBus(async (address) => {
      a = await publishBattery(address, A, {
        '/Soc': 60,
        '/Dc/0/Voltage': 53,
        '/Dc/0/Current': -10,
        '/Dc/0/Temperature': 20,
        '/Info/ChargeMode': 'Bulk',
        '/System/MaxCellVoltage': 3.4,
        '/System/MinCellVoltage': 3.1,
        '/Capacity': 100,
        '/ConsumedAmphours': -5,
        '/TimeToGo': 3600,
      });
      x = await startRawBattery(address, X, GOOD_X, { kind: 'answer' });
    }, { timeToGoMode: 'mean' }); // the batteries' own /TimeToGo is read (and its bad values counted) only by the mean
  });

  after(async () => {
    await x?.stop();
    await a?.stop();
    await faults?.stop();
  });

  const read = async (path: string) => (await getValue(faults.client, AGGREGATE, path)).value;
  const linesAbout = (needle: string) => faults.logs.filter((line) => line.includes(X) && line.includes(needle));

  /** The other battery's changes still reach the aggregate. */
  async function othersFlow(): Promise<void> {
    tick++;
    a.set({ '/Dc/0/Power': tick });
    await waitForAggregate(faults.client, '/Dc/0/Power', tick);
  }

  for (const { what, path, values, aggregate } of BAD_VALUES) {
    test(`${what} at ${path}: counted as invalid, logged once, the rest flows`, async () => {
      const before = faults.aggregator.problems.total;
      for (const value of values) {
        x.set(path, value);
        await othersFlow();
      }
      await eventually(() => (faults.aggregator.problems.total === before + values.length ? true : undefined), 10_000, `${values.length} problems counted`);
      assert.deepEqual(await read(path), aggregate, 'the aggregate without the bad value');
      const lines = linesAbout(` ${path} `);
      assert.equal(lines.length, 1, lines.join(''));
      assert.ok(lines[0]!.length < 300, `a short log line: ${lines[0]!.slice(0, 300)}`);
      await assertServiceUp(faults.client);
    });
  }

  test('signals of the wrong signature are ignored, counted and logged once per kind', async () => {
    const before = faults.aggregator.problems.total;
    x.signal('/', 'ItemsChanged', 'a{sv}', [{ '/Soc': d(1) }]);
    x.signal('/', 'ItemsChanged', 's', ['/Soc']);
    x.signal('/Soc', 'PropertiesChanged', 'as', [['Value', '1']]);
    x.set('/Soc', d(NaN)); // counted as a rejected value
    await othersFlow();
    await eventually(() => (faults.aggregator.problems.total === before + 4 ? true : undefined), 10_000, '4 problems counted');
    assert.equal(linesAbout('malformed ItemsChanged').length, 1);
    assert.equal(linesAbout('malformed PropertiesChanged').length, 1);
    assert.equal(await read('/Soc'), 60);
  });

  test('an ItemsChanged with keys that are no object paths: those are ignored, logged once, the valid ones taken', async () => {
    const before = faults.aggregator.problems.total;
    const bad = ['Soc', '/a b', '/Alarms/x\ny', '/', `/${'p'.repeat(300)}`, '/Dc//0'];
    const entries = Object.fromEntries(bad.map((key) => [key, { Value: d(2) }]));
    x.signal('/', 'ItemsChanged', 'a{sa{sv}}', [{ ...entries, '/Dc/0/Temperature': { Value: d(30) } }]);
    await waitForAggregate(faults.client, '/Dc/0/Temperature', 30);
    await eventually(() => (faults.aggregator.problems.total === before + bad.length ? true : undefined), 10_000, `${bad.length} problems counted, not ${faults.aggregator.problems.total - before}`);
    const lines = linesAbout('no object path');
    assert.equal(lines.length, 1, lines.join(''));
    assert.equal(lines[0]!.split('\n').length, 2, 'one line, its newline escaped');
    const published = await getItems(faults.client, AGGREGATE);
    for (const key of bad) assert.equal(published.has(key), false, `${JSON.stringify(key)} is not published`);
  });

  test(`a battery inventing paths: beyond ${MAX_PATHS_PER_SERVICE} the new ones are refused, logged once; known ones still flow`, async () => {
    const before = faults.aggregator.problems.total;
    const invented = Object.fromEntries(Array.from({ length: MAX_PATHS_PER_SERVICE + 100 }, (_, i) => [`/Invented/P${i}`, { Value: d(i) }]));
    x.signal('/', 'ItemsChanged', 'a{sa{sv}}', [{ ...invented, '/Dc/0/Temperature': { Value: d(31) } }]);
    await waitForAggregate(faults.client, '/Dc/0/Temperature', 31);
    assert.ok(faults.aggregator.problems.total - before >= 100, `${faults.aggregator.problems.total - before} refused`);
    assert.equal(linesAbout(`over ${MAX_PATHS_PER_SERVICE} paths`).length, 1);
    await othersFlow();
  });

  test('after good values return, the outputs equal those of a fresh start', async () => {
    for (const [path, value] of Object.entries(GOOD_X)) x.set(path, value);
    await waitForAggregate(faults.client, '/Soc', 70);
    await waitForAggregate(faults.client, '/Capacity', 150);
    assert.equal(await read('/Info/ChargeMode'), 'Bulk');
    await assertSameAsFreshStart(faults);
  });
});
