import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { BANK_SERIES, History, type HistorySample } from '../../../src/status/history';

const bankOf = (voltage: number | null): HistorySample['bank'] => ({ voltage, current: -10, soc: 50, ccl: 100, dcl: 200, cvl: 56.4 });
const sample = (voltage: number | null, batteries: Record<string, number | null> = {}): HistorySample => ({ bank: bankOf(voltage), batteries: new Map(Object.entries(batteries)) });

test('samples of one bucket are averaged; the open bucket is shown as the last point', () => {
  const h = new History({ capacity: 4, bucketSeconds: 60, maxBatteries: 4 });
  h.record(600, sample(52));
  h.record(630, sample(53));
  assert.deepEqual(h.series().times, [600]);
  assert.deepEqual(h.series().bank.voltage, [52.5]);
  h.record(661, sample(54));
  assert.deepEqual(h.series().times, [600, 660]);
  assert.deepEqual(h.series().bank.voltage, [52.5, 54]);
});

test('an unknown value is left out of the mean; a bucket with none is null', () => {
  const h = new History({ capacity: 4, bucketSeconds: 10, maxBatteries: 4 });
  h.record(0, sample(null));
  h.record(5, sample(50));
  h.record(10, sample(null));
  h.record(20, sample(51));
  assert.deepEqual(h.series().bank.voltage, [50, null, 51]);
});

test('the ring wraps: only the last `capacity` buckets are kept, oldest first', () => {
  const h = new History({ capacity: 3, bucketSeconds: 1, maxBatteries: 4 });
  for (let t = 0; t < 10; t++) h.record(t, sample(t));
  const s = h.series();
  // three committed (6, 7, 8) and the open one (9)
  assert.deepEqual(s.times, [6, 7, 8, 9]);
  assert.deepEqual(s.bank.voltage, [6, 7, 8, 9]);
  for (const name of BANK_SERIES) assert.equal(s.bank[name].length, 4);
});

test('a battery gets a column when it appears; one that left keeps its points, null after it left', () => {
  const h = new History({ capacity: 10, bucketSeconds: 1, maxBatteries: 4 });
  h.record(0, sample(50, { a: -5 }));
  h.record(1, sample(50, { a: -6, b: -4 }));
  h.record(2, sample(50, { b: -3 }));
  const s = h.series();
  assert.deepEqual(s.batteries.a, [-5, -6, null]);
  assert.deepEqual(s.batteries.b, [null, -4, -3]);
});

test('past maxBatteries, the battery seen longest ago gives way', () => {
  const h = new History({ capacity: 10, bucketSeconds: 1, maxBatteries: 2 });
  h.record(0, sample(50, { a: 1, b: 2 }));
  h.record(1, sample(50, { b: 2 }));
  h.record(2, sample(50, { c: 3 }));
  assert.deepEqual(Object.keys(h.series().batteries), ['b', 'c']);
});

test('any sequence of samples: bounded length, times increasing, every column as long as the times', () => {
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 30 }), fc.option(fc.double({ min: -1000, max: 1000, noNaN: true }))), { maxLength: 200 }), (steps) => {
      const h = new History({ capacity: 5, bucketSeconds: 7, maxBatteries: 3 });
      let time = 0;
      steps.forEach(([dt, v], i) => {
        time += dt;
        h.record(time, sample(v, { [`b${i % 5}`]: v }));
      });
      const s = h.series();
      assert.ok(s.times.length <= 6);
      for (let i = 1; i < s.times.length; i++) assert.ok(s.times[i]! > s.times[i - 1]!);
      for (const column of [...Object.values(s.bank), ...Object.values(s.batteries)]) assert.equal(column.length, s.times.length);
      assert.ok(Object.keys(s.batteries).length <= 3);
    }),
  );
});
