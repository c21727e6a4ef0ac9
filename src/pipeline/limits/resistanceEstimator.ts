import type { Config } from '../../config/defaults';
import { fitResistance, type ResistanceFit, type Sample } from './resistanceFit';

/** The window of the regression: the last 10 kept samples. */
export const WINDOW = 10;

/** The `ir` options of the config (as plain numbers), and whether to correct for over-current. */
export type ResistanceOptions = { readonly [K in keyof Config['ir']]: number } & {
  /** Apply the over-current correction (only meaningful with `currentRatioMethod` `ir`). */
  readonly correctOverCurrent: boolean;
};

/** What a battery's readings tell about it: its effective internal resistance and its EMF. */
export interface ResistanceEstimate {
  /** Effective resistance in ohm: the fitted one times the over-current correction. */
  readonly resistance: number;
  /** Open-circuit voltage E of the fit V = E + R*I. */
  readonly emf: number;
}

/** A battery's inputs after one update (one bus signal may change several at once); `null` = invalid. */
export interface Reading {
  readonly voltage: number | null;
  readonly current: number | null;
  readonly chargeLimit: number | null;
  readonly dischargeLimit: number | null;
}

export interface ResistanceState {
  readonly samples: readonly Sample[];
  /** The voltage of the previous reading: a sample is taken only when it changes. */
  readonly lastVoltage: number | null;
  /** The last accepted fit that counted as a change. */
  readonly fit: ResistanceFit | null;
  /** Multiplies the fitted resistance; shrinks when the battery carries more than its own limit. */
  readonly correction: number;
  /** The correction before the current over-current episode began (equal to `correction` outside one). */
  readonly settledCorrection: number;
  /** The published estimate; a new object only when it changes. */
  readonly estimate: ResistanceEstimate | null;
}

export const INITIAL_RESISTANCE_STATE: ResistanceState = {
  samples: [],
  lastVoltage: null,
  fit: null,
  correction: 1,
  settledCorrection: 1,
  estimate: null,
};

/**
 * The estimator's step, a pure reducer for `scan` (reference-behaviour.md, "Internal resistance"):
 * 1. A reading whose voltage changed makes a sample (V, I) when V > 0, the battery discharges (I < 0) and
 *    V differs from the last kept sample by at least `minVoltageChange`; the last `WINDOW` samples are kept.
 * 2. With the window full, every new sample refits. A fit is accepted when R > 0 and err / R <=
 *    `maxPercentageError`, and replaces the current one only when |R - R_old| > hypot(err, err_old).
 *    (The original first fits on the 11th sample; a full window of 10 is enough.)
 * 3. A current beyond the battery's own limit (I > CCL charging, -I > DCL discharging) means it takes more
 *    than its assumed share, so its effective R is lower: the correction is multiplied by limit / |I|. Within
 *    one episode of over-current only the worst reading counts (readings repeat while the chargers react;
 *    compounding each would shrink R without bound); a new accepted fit starts again from 1.
 * Non-finite inputs count as invalid; the state never holds NaN or Infinity.
 */
export function nextResistanceState(state: ResistanceState, reading: Reading, options: ResistanceOptions): ResistanceState {
  const r = {
    voltage: finite(reading.voltage),
    current: finite(reading.current),
    chargeLimit: finite(reading.chargeLimit),
    dischargeLimit: finite(reading.dischargeLimit),
  };
  let next = state;
  if (r.voltage !== state.lastVoltage) next = withSample({ ...state, lastVoltage: r.voltage }, r, options);
  return withOverCurrentCorrection(next, r, options);
}

function withSample(state: ResistanceState, { voltage, current }: Reading, options: ResistanceOptions): ResistanceState {
  if (voltage === null || voltage <= 0 || current === null || current >= 0) return state;
  const last = state.samples[state.samples.length - 1];
  if (last && Math.abs(voltage - last.voltage) < options.minVoltageChange) return state;
  const samples = [...state.samples.slice(-(WINDOW - 1)), { voltage, current }];
  const next = { ...state, samples };
  if (samples.length < WINDOW) return next;
  const fit = fitResistance(samples);
  if (!fit || !isAcceptable(fit, options) || !isSignificantChange(state.fit, fit)) return next;
  return withEstimate({ ...next, fit, correction: 1, settledCorrection: 1 });
}

function isAcceptable(fit: ResistanceFit, options: ResistanceOptions): boolean {
  return fit.resistance > 0 && fit.error / fit.resistance <= options.maxPercentageError;
}

function isSignificantChange(old: ResistanceFit | null, fit: ResistanceFit): boolean {
  return old === null || Math.abs(fit.resistance - old.resistance) > Math.hypot(fit.error, old.error);
}

function withOverCurrentCorrection(state: ResistanceState, { current, chargeLimit, dischargeLimit }: Reading, options: ResistanceOptions): ResistanceState {
  const fit = state.fit;
  if (!options.correctOverCurrent || fit === null || current === null) return state;
  const limit = current > 0 ? chargeLimit : dischargeLimit;
  const magnitude = Math.abs(current);
  if (limit === null || limit <= 0 || magnitude <= limit) {
    // Not (or no longer) over its limit: the episode's correction stays.
    return state.settledCorrection === state.correction ? state : { ...state, settledCorrection: state.correction };
  }
  const correction = state.settledCorrection * (limit / magnitude);
  // Only a worse reading deepens the correction; one so small that R underflows would be meaningless.
  if (correction >= state.correction || !(fit.resistance * correction > 0)) return state;
  return withEstimate({ ...state, correction });
}

function withEstimate(state: ResistanceState): ResistanceState {
  const fit = state.fit;
  return { ...state, estimate: fit && { resistance: fit.resistance * state.correction, emf: fit.emf } };
}

function finite(value: number | null): number | null {
  return value !== null && Number.isFinite(value) ? value : null;
}
