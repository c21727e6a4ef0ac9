import assert from 'node:assert/strict';
import { test } from 'node:test';
import { INITIAL_RESISTANCE_STATE, nextResistanceState, type Reading, type ResistanceOptions, type ResistanceState } from '../../../src/pipeline/limits/resistanceEstimator';

const OPTIONS: ResistanceOptions = { minVoltageChange: 0.02, maxPercentageError: 0.1, correctOverCurrent: true };
/** Own limits no reading exceeds, and the ones the over-current tests use. */
const HIGH_LIMITS = { chargeLimit: 500, dischargeLimit: 500 };
const LIMITS = { chargeLimit: 50, dischargeLimit: 100 };

function run(readings: readonly Reading[], options = OPTIONS, from: ResistanceState = INITIAL_RESISTANCE_STATE): ResistanceState {
  return readings.reduce((state, reading) => nextResistanceState(state, reading, options), from);
}

/** Readings along V = emf + r * I + noise, one per current. */
const along = (r: number, emf: number, currents: readonly number[], noise: readonly number[] = []): Reading[] =>
  currents.map((current, k) => ({ current, voltage: emf + r * current + (noise[k] ?? 0), ...HIGH_LIMITS }));
const currents = (n: number, from = -10, step = -15) => Array.from({ length: n }, (_, k) => from + step * k);
/** A reading at a new current with the voltage unchanged from `state`'s last reading. */
const atCurrent = (state: ResistanceState, current: number): Reading => ({ voltage: state.lastVoltage, current, ...LIMITS });
const NOISE = [0.002, -0.001, 0.0015, -0.002, 0.0005, -0.0015, 0.001, 0.002, -0.0025, 0.0005];

test('no estimate with fewer than 10 samples; the 10th sample fits', () => {
  assert.equal(run(along(0.008, 53.3, currents(9))).estimate, null);
  const state = run(along(0.008, 53.3, currents(10)));
  assert.ok(state.estimate);
  assert.ok(Math.abs(state.estimate.resistance - 0.008) < 1e-12);
  assert.ok(Math.abs(state.estimate.emf - 53.3) < 1e-9);
});

test('samples are taken only while discharging, with a valid positive voltage that changed by at least minVoltageChange', () => {
  assert.equal(run(along(0.008, 53.3, currents(10, 10, 15))).samples.length, 0, 'charging');
  // steps of 15 A x 1 milliohm = 15 mV < 20 mV: every other reading is skipped
  assert.equal(run(along(0.001, 53.3, currents(10))).samples.length, 5);
  const invalid = [null, 0, -52, Number.NaN, Number.POSITIVE_INFINITY].map((voltage): Reading => ({ voltage, current: -10, ...LIMITS }));
  assert.equal(run(invalid).samples.length, 0);
  assert.equal(run([{ voltage: 52, current: null, ...LIMITS }]).samples.length, 0, 'no current known');
  // a current change alone (same voltage) takes no sample
  const first = run([{ voltage: 52, current: -10, ...LIMITS }]);
  assert.equal(run([{ voltage: 52, current: -40, ...LIMITS }], OPTIONS, { ...first, samples: [] }).samples.length, 0);
});

test('the window keeps the last 10 samples', () => {
  const state = run(along(0.008, 53.3, currents(14)));
  assert.equal(state.samples.length, 10);
  assert.equal(state.samples[0]!.current, -10 - 15 * 4);
});

test('a fit whose relative error exceeds maxPercentageError is rejected', () => {
  // a zigzag of voltage around a weak slope: a poor fit
  const zigzag = along(0.0005, 52, currents(10), currents(10).map((_, k) => (k % 2 === 0 ? 0.05 : -0.05)));
  assert.equal(run(zigzag).estimate, null);
  assert.ok(run(zigzag, { ...OPTIONS, maxPercentageError: 100 }).estimate, 'accepted with a lax limit');
});

test('a new fit replaces the estimate only when it differs by more than the combined errors', () => {
  const first = run(along(0.01, 52, currents(10), NOISE));
  assert.ok(first.estimate);
  // the same battery a little later: within the error, no change (same object)
  const same = run(along(0.01 + first.fit!.error / 10, 52, currents(10), NOISE), OPTIONS, { ...first, samples: [] });
  assert.equal(same.estimate, first.estimate);
  // clearly higher resistance: a new estimate
  const higher = run(along(0.02, 52, currents(10), NOISE), OPTIONS, { ...first, samples: [] });
  assert.ok(higher.estimate && Math.abs(higher.estimate.resistance - 0.02) < 0.001);
});

test('over-current: a battery carrying more than its own limit gets its effective resistance scaled by limit / |I|', () => {
  const fitted = run(along(0.008, 53.3, currents(10, -5, -5)));
  const r = fitted.estimate!.resistance;
  const discharging = run([atCurrent(fitted, -125)], OPTIONS, fitted);
  assert.ok(Math.abs(discharging.estimate!.resistance - r * 0.8) < 1e-15);
  // the next episode, charging at twice the limit, corrects again
  const charging = run([atCurrent(fitted, -20), atCurrent(fitted, 100)], OPTIONS, discharging);
  assert.ok(Math.abs(charging.estimate!.resistance - r * 0.8 * 0.5) < 1e-15);
  assert.equal(run([atCurrent(fitted, 40)], OPTIONS, charging).estimate, charging.estimate, 'within the limit: unchanged');
  assert.equal(run([atCurrent(fitted, -125)], { ...OPTIONS, correctOverCurrent: false }, fitted).estimate, fitted.estimate, 'off unless the method is ir');
  assert.equal(run([{ ...atCurrent(fitted, 500), chargeLimit: 0 }], OPTIONS, fitted).estimate, fitted.estimate, 'a 0 A limit does not zero R');
});

test('over-current: within one episode only the worst reading counts; a new fit starts from 1 again', () => {
  const fitted = run(along(0.008, 53.3, currents(10, -5, -5)));
  const r = fitted.estimate!.resistance;
  const episode = run([-110, -125, -125, -120, -125].map((current) => atCurrent(fitted, current)), OPTIONS, fitted);
  assert.ok(Math.abs(episode.estimate!.resistance - r * 0.8) < 1e-15, `${episode.estimate!.resistance} != ${r * 0.8}`);
  const refitted = run(along(0.016, 53.0, currents(10, -5, -5)), OPTIONS, { ...episode, samples: [] });
  assert.equal(refitted.correction, 1);
  assert.ok(Math.abs(refitted.estimate!.resistance - 0.016) < 1e-9);
});
