import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { CELL_GUARD_IDLE, guardedChargeVoltage, stepCellGuard, type CellGuardOptions } from '../../../src/pipeline/guards/cellVoltageGuard';

const options = fc.record({
  maxCellVoltage: fc.double({ min: 3.3, max: 3.7, noNaN: true }),
  hysteresis: fc.double({ min: 0, max: 0.2, noNaN: true }),
  releaseTime: fc.double({ min: 0, max: 600, noNaN: true }),
  lowerRate: fc.double({ min: 0, max: 1, noNaN: true }),
});
const step = fc.record({
  maxCell: fc.option(fc.double({ min: 3.0, max: 3.9, noNaN: true })),
  bankVoltage: fc.option(fc.double({ min: 40, max: 60, noNaN: true })),
  rule: fc.option(fc.double({ min: 0, max: 60, noNaN: true })),
  dt: fc.nat({ max: 10_000 }),
});

test('property: with the guard on and a cell above the threshold, the CVL is at most the bank voltage', () => {
  fc.assert(
    fc.property(options, fc.array(step, { minLength: 1, maxLength: 40 }), (o: CellGuardOptions, steps) => {
      let memory = CELL_GUARD_IDLE;
      let now = 0;
      let voltage: number | null = null;
      for (const s of steps) {
        now += s.dt;
        voltage = s.bankVoltage ?? voltage; // the bank's present voltage: the last one reported
        memory = stepCellGuard(memory, s, now, o).memory;
        const cvl = guardedChargeVoltage(s.rule, memory.cap);
        if (s.maxCell !== null && s.maxCell > o.maxCellVoltage && voltage !== null) {
          assert.ok(cvl !== null && cvl <= voltage, `CVL ${cvl} above the bank's ${voltage} V with a cell at ${s.maxCell} V`);
        }
        // Never above what the rule gives.
        if (s.rule !== null) assert.ok(cvl !== null && cvl <= s.rule);
      }
    }),
    { numRuns: 10_000 },
  );
});
