import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  INITIAL_RESISTANCE_STATE,
  nextResistanceState,
  type ResistanceEvent,
  type ResistanceOptions,
  type ResistanceState,
} from '../../../src/pipeline/limits/resistanceEstimator';

const OPTIONS: ResistanceOptions = { minVoltageChange: 0.02, maxPercentageError: 0.1, correctOverCurrent: true };

function run(events: readonly ResistanceEvent[], options = OPTIONS, from: ResistanceState = INITIAL_RESISTANCE_STATE): ResistanceState {
  return events.reduce((state, event) => nextResistanceState(state, event, options), from);
}

/** Current then voltage along V = emf + r * I, for each current. */
const along = (r: number, emf: number, currents: readonly number[]): ResistanceEvent[] =>
  currents.flatMap((i): ResistanceEvent[] => [
    { kind: 'current', value: i },
    { kind: 'voltage', value: emf + r * i },
  ]);
const currents = (n: number, from = -10, step = -15) => Array.from({ length: n }, (_, k) => from + step * k);

test('no estimate with fewer than 10 samples; the 10th sample fits', () => {
  assert.equal(run(along(0.008, 53.3, currents(9))).estimate, null);
  const state = run(along(0.008, 53.3, currents(10)));
  assert.ok(state.estimate);
  assert.ok(Math.abs(state.estimate.resistance - 0.008) < 1e-12);
  assert.ok(Math.abs(state.estimate.emf - 53.3) < 1e-9);
});

test('samples are taken only while discharging, with a valid positive voltage, and a step of at least minVoltageChange', () => {
  const charging = run(along(0.008, 53.3, currents(10, 10, 15)));
  assert.equal(charging.samples.length, 0);
  // steps of 15 A x 1 milliohm = 15 mV < 20 mV: every other reading is skipped
  assert.equal(run(along(0.001, 53.3, currents(10))).samples.length, 5);
  const invalid = run([{ kind: 'current', value: -10 }, { kind: 'voltage', value: null }, { kind: 'voltage', value: 0 }, { kind: 'voltage', value: Number.NaN }]);
  assert.equal(invalid.samples.length, 0);
  assert.equal(run([{ kind: 'voltage', value: 52 }]).samples.length, 0, 'no current known yet');
});

test('the window keeps the last 10 samples', () => {
  const state = run(along(0.008, 53.3, currents(14)));
  assert.equal(state.samples.length, 10);
  assert.equal(state.samples[0]!.current, -10 - 15 * 4);
});

test('a fit whose relative error exceeds maxPercentageError is rejected', () => {
  // a zigzag of voltage around a weak slope: a poor fit
  const events = currents(10).flatMap((i, k): ResistanceEvent[] => [
    { kind: 'current', value: i },
    { kind: 'voltage', value: 52 + 0.0005 * i + (k % 2 === 0 ? 0.05 : -0.05) },
  ]);
  assert.equal(run(events).estimate, null);
  assert.ok(run(events, { ...OPTIONS, maxPercentageError: 100 }).estimate, 'accepted with a lax limit');
});

test('a new fit replaces the estimate only when it differs by more than the combined errors', () => {
  const noise = [0.002, -0.001, 0.0015, -0.002, 0.0005, -0.0015, 0.001, 0.002, -0.0025, 0.0005];
  const noisy = (r: number) =>
    currents(10).flatMap((i, k): ResistanceEvent[] => [
      { kind: 'current', value: i },
      { kind: 'voltage', value: 52 + r * i + noise[k]! },
    ]);
  const first = run(noisy(0.01));
  assert.ok(first.estimate);
  // the same battery a little later: within the error, no change (same object)
  const same = run(noisy(0.01 + first.fit!.error / 10), OPTIONS, { ...first, samples: [] });
  assert.equal(same.estimate, first.estimate);
  // clearly higher resistance: a new estimate
  const higher = run(noisy(0.02), OPTIONS, { ...first, samples: [] });
  assert.ok(higher.estimate && Math.abs(higher.estimate.resistance - 0.02) < 0.001);
});

test('over-current: a battery carrying more than its own limit gets its effective resistance scaled by limit / |I|', () => {
  const fitted = run([{ kind: 'chargeLimit', value: 50 }, { kind: 'dischargeLimit', value: 100 }, ...along(0.008, 53.3, currents(10))]);
  const r = fitted.estimate!.resistance;
  const discharging = run([{ kind: 'current', value: -125 }], OPTIONS, fitted);
  assert.ok(Math.abs(discharging.estimate!.resistance - r * 0.8) < 1e-15);
  // the next episode, charging at twice the limit, corrects again
  const charging = run([{ kind: 'current', value: -20 }, { kind: 'current', value: 100 }], OPTIONS, discharging);
  assert.ok(Math.abs(charging.estimate!.resistance - r * 0.8 * 0.5) < 1e-15);
  assert.equal(run([{ kind: 'current', value: 40 }], OPTIONS, charging).estimate, charging.estimate, 'within the limit: unchanged');
  assert.equal(run([{ kind: 'current', value: -125 }], { ...OPTIONS, correctOverCurrent: false }, fitted).estimate, fitted.estimate, 'off unless the method is ir');
  assert.equal(run([{ kind: 'current', value: 500 }], OPTIONS, { ...fitted, chargeLimit: 0 }).estimate, fitted.estimate, 'a 0 A limit does not zero R');
});

test('over-current: within one episode only the worst reading counts; a new fit starts from 1 again', () => {
  const fitted = run([{ kind: 'dischargeLimit', value: 100 }, ...along(0.008, 53.3, currents(10))]);
  const r = fitted.estimate!.resistance;
  const episode = run([-110, -125, -125, -120, -125].map((value): ResistanceEvent => ({ kind: 'current', value })), OPTIONS, fitted);
  assert.ok(Math.abs(episode.estimate!.resistance - r * 0.8) < 1e-15, `${episode.estimate!.resistance} != ${r * 0.8}`);
  const refitted = run(along(0.016, 53.0, currents(10)), OPTIONS, { ...episode, samples: [] });
  assert.equal(refitted.correction, 1);
  assert.ok(Math.abs(refitted.estimate!.resistance - 0.016) < 1e-9);
});
