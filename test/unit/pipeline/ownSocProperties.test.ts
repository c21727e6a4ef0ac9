import { test } from 'node:test';
import fc from 'fast-check';
import { startOwnSoc, stepOwnSoc, type OwnSocSample } from '../../../src/pipeline/ownSoc/ownSocCounter';
import { OWN_SOC_DEFAULTS, type OwnSoc } from '../../../src/config/defaults';

const sample = fc.record({
  current: fc.oneof(fc.double({ min: -500, max: 500, noNaN: true }), fc.constant(null)),
  voltage: fc.oneof(fc.double({ min: 40, max: 60, noNaN: true }), fc.constant(null)),
  chargeVoltage: fc.oneof(fc.constant(55.2), fc.constant(null)),
  allFloat: fc.boolean(),
  capacity: fc.oneof(fc.double({ min: 1, max: 2000, noNaN: true }), fc.constant(null)),
  batterySoc: fc.double({ min: -10, max: 110, noNaN: true }),
});
const options = fc.record({
  chargeEfficiency: fc.double({ min: 0.5, max: 1, noNaN: true }),
  floatResets: fc.boolean(),
  fullVoltageMargin: fc.double({ min: 0, max: 1, noNaN: true }),
  tailCurrent: fc.double({ min: 0, max: 10, noNaN: true }),
  holdTime: fc.double({ min: 0, max: 600, noNaN: true }),
  maxStateAge: fc.constant(86400),
}) as fc.Arbitrary<OwnSoc>;

test('the own SoC never leaves 0-100 %', () => {
  fc.assert(
    fc.property(options, fc.array(fc.tuple(sample, fc.integer({ min: 0, max: 3_600_000 })), { minLength: 1, maxLength: 30 }), (opts, steps) => {
      let now = 0;
      let state = startOwnSoc(steps[0]![0], now);
      if (state === null) return false;
      for (const [s, dt] of steps) {
        now += dt;
        state = stepOwnSoc(state, s, now, opts);
        if (!(state.soc >= 0 && state.soc <= 100)) return false;
      }
      return true;
    }),
    { numRuns: 10000 },
  );
});

test('the own SoC integrates a constant current exactly (discharge in full, charge times the efficiency)', () => {
  fc.assert(
    fc.property(
      fc.double({ min: -200, max: 200, noNaN: true }),
      fc.double({ min: 50, max: 1000, noNaN: true }),
      fc.double({ min: 0.5, max: 1, noNaN: true }),
      fc.integer({ min: 1, max: 100 }),
      fc.integer({ min: 1, max: 600_000 }),
      (current, capacity, efficiency, samples, interval) => {
        const opts = { ...OWN_SOC_DEFAULTS, chargeEfficiency: efficiency, floatResets: false, fullVoltageMargin: 0 } as OwnSoc;
        const s: OwnSocSample = { current, voltage: 50, chargeVoltage: 55.2, allFloat: false, capacity, batterySoc: 50 };
        let state = startOwnSoc(s, 0)!;
        for (let i = 1; i <= samples; i++) state = stepOwnSoc(state, s, i * interval, opts);
        const ah = (current > 0 ? current * efficiency : current) * ((samples * interval) / 3_600_000);
        const expected = Math.min(100, Math.max(0, 50 + (ah / capacity) * 100));
        return Math.abs(state.soc - expected) < 1e-9 * 100;
      },
    ),
    { numRuns: 10000 },
  );
});
