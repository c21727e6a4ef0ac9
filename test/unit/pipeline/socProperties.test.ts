import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { BankTable } from '../../../src/pipeline/bankTable';
import { weightedSocOf } from '../../../src/pipeline/aggregate/weightedSoc';
import { timeToGoOf } from '../../../src/pipeline/aggregate/bankTimeToGo';

const battery = fc.record({
  soc: fc.oneof(fc.double({ min: 0, max: 100, noNaN: true }), fc.constant(null)),
  capacity: fc.oneof(fc.double({ min: 0.1, max: 2000, noNaN: true }), fc.constant(null), fc.constant(0)),
});

test('weighted SoC lies between the smallest and largest battery SoC (with or without capacities)', () => {
  fc.assert(
    fc.property(fc.array(battery, { minLength: 1, maxLength: 12 }), (batteries) => {
      const table = new BankTable(2);
      batteries.forEach((b, i) => {
        const row = table.insert(`b${String(i).padStart(2, '0')}`);
        row.values[0] = b.soc;
        row.values[1] = b.capacity;
      });
      const socs = batteries.map((b) => b.soc).filter((s): s is number => s !== null);
      const soc = weightedSocOf(table);
      if (socs.length === 0) return soc === 0;
      const slack = 1e-9 * 100;
      return soc >= Math.min(...socs) - slack && soc <= Math.max(...socs) + slack;
    }),
    { numRuns: 10000 },
  );
});

test('bank time to go is invalid unless the bank discharges, and never negative', () => {
  fc.assert(
    fc.property(fc.double({ min: -1000, max: 5000, noNaN: true }), fc.double({ min: -500, max: 500, noNaN: true }), (capacity, current) => {
      const ttg = timeToGoOf(capacity, current);
      if (current > -0.1) return ttg === null;
      return typeof ttg === 'number' && ttg >= 0 && Math.abs(ttg - (Math.max(0, capacity) / -current) * 3600) < 1e-6;
    }),
    { numRuns: 10000 },
  );
  assert.equal(timeToGoOf(null, -10), null);
  assert.equal(timeToGoOf(100, null), null);
});
