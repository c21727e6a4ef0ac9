import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { fitResistance, type Sample } from '../../../src/pipeline/limits/resistanceFit';

const near = (actual: number, expected: number, tolerance: number, what: string) =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual} is not within ${tolerance} of ${expected}`);

const samples = (currents: readonly number[], voltages: readonly number[]): Sample[] => currents.map((current, i) => ({ current, voltage: voltages[i]! }));
const CURRENTS = [-10, -25, -40, -55, -70, -85, -100, -115, -130, -145];

test('the reference worked example: R = 0.00800404, err = 1.110e-05, E = 53.300513 (hand-computed)', () => {
  const fit = fitResistance(samples(CURRENTS, [53.222, 53.099, 52.9815, 52.858, 52.7405, 52.621, 52.4985, 52.382, 52.2595, 52.14]));
  assert.ok(fit);
  near(fit.resistance, 0.00800404, 5e-9, 'R');
  near(fit.error, 1.11e-5, 5e-9, 'err');
  near(fit.emf, 53.300513, 5e-7, 'E');
  near(fit.error / fit.resistance, 0.0014, 5e-5, 'err / R');
});

test('an exact line gives its R and E back, with an error of (almost) 0', () => {
  const fit = fitResistance(samples(CURRENTS, CURRENTS.map((i) => 52.8 + 0.005 * i)));
  assert.ok(fit);
  near(fit.resistance, 0.005, 1e-12, 'R');
  near(fit.emf, 52.8, 1e-9, 'E');
  near(fit.error, 0, 1e-9, 'err');
});

test('degenerate clouds give no fit: all currents equal (vertical), all voltages equal (horizontal), one point', () => {
  assert.equal(fitResistance(samples(CURRENTS.map(() => -50), CURRENTS.map((_, i) => 52 + i / 10))), null);
  assert.equal(fitResistance(samples(CURRENTS, CURRENTS.map(() => 52.5))), null);
  assert.equal(fitResistance(samples(CURRENTS.map(() => -50), CURRENTS.map(() => 52.5))), null);
  assert.equal(fitResistance(samples([-10, -20], [52, 51.9])), null);
});

test('noisy samples with a known R: the fit lands within its own error estimate (3 sigma)', () => {
  // V = 51.9 + 0.01 * I plus a fixed, zero-mean pattern of +-2 mV of noise
  const noise = [0.002, -0.001, 0.0015, -0.002, 0.0005, -0.0015, 0.001, 0.002, -0.0025, 0.0005];
  const fit = fitResistance(samples(CURRENTS, CURRENTS.map((i, k) => 51.9 + 0.01 * i + noise[k]!)));
  assert.ok(fit);
  assert.ok(Math.abs(fit.resistance - 0.01) <= 3 * fit.error, `R ${fit.resistance} +- ${fit.error}`);
  assert.ok(fit.error / fit.resistance < 0.01);
});

test('anti-correlated samples (voltage rising with discharge) give a negative R, which acceptance refuses', () => {
  const fit = fitResistance(samples(CURRENTS, CURRENTS.map((i) => 52 - 0.004 * i)));
  assert.ok(fit);
  near(fit.resistance, -0.004, 1e-12, 'R');
});

test('a large spread of voltage over current (k > 0) is fitted without loss of digits', () => {
  const fit = fitResistance(samples([-1, -1.1, -1.2, -1.3, -1.4, -1.5, -1.6, -1.7, -1.8, -1.9], [50, 49, 48, 47, 46, 45, 44, 43, 42, 41].map((v) => v + 60)));
  assert.ok(fit);
  near(fit.resistance, 10, 1e-9, 'R');
});

test('any samples, huge or tiny: a fit of finite numbers or null, never a throw, NaN or Infinity', () => {
  const magnitude = fc.oneof(fc.double({ min: -1e300, max: 1e300, noNaN: true }), fc.double({ min: -1e-300, max: 1e-300, noNaN: true }), fc.double({ min: -500, max: 500, noNaN: true }));
  fc.assert(
    fc.property(fc.array(fc.record({ voltage: magnitude, current: magnitude }), { minLength: 0, maxLength: 12 }), (cloud) => {
      const fit = fitResistance(cloud);
      if (fit) for (const value of [fit.resistance, fit.emf, fit.error]) assert.ok(Number.isFinite(value), JSON.stringify(fit));
    }),
    { numRuns: 10000 },
  );
});
