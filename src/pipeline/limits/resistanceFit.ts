/** One (voltage, current) reading of a battery; current positive = charging. */
export interface Sample {
  readonly voltage: number;
  readonly current: number;
}

/** A line V = emf + resistance * I fitted to samples, with the fit's standard error of the resistance. */
export interface ResistanceFit {
  readonly resistance: number;
  readonly emf: number;
  readonly error: number;
}

/**
 * Total-least-squares (orthogonal) fit of V = E + R*I, errors in both V and I (reference-behaviour.md):
 * k = (Svv - Sii) / Svi2, R = k + sqrt(k^2 + 1), err as the reference gives it, E = mV - R*mI.
 *
 * Numerically robust: `null` rather than NaN or Infinity for fewer than 3 samples, a degenerate cloud
 * (all voltages or all currents equal: Svi2 = 0), or sums that overflow. For k < 0 the root is computed
 * as 1 / (sqrt(k^2 + 1) - k) so it does not cancel digits, and hypot keeps k^2 from overflowing.
 * With anti-correlated samples (Svi2 < 0) it returns the true TLS slope, which is negative (the reference's
 * formula would return the perpendicular, worst, direction there); acceptance then refuses it.
 */
export function fitResistance(samples: readonly Sample[]): ResistanceFit | null {
  const n = samples.length;
  if (n < 3) return null;
  let meanV = 0;
  let meanI = 0;
  for (const { voltage, current } of samples) {
    meanV += voltage / n;
    meanI += current / n;
  }
  let svv = 0;
  let sii = 0;
  let svi2 = 0;
  for (const { voltage, current } of samples) {
    const dv = voltage - meanV;
    const di = current - meanI;
    svv += dv * dv;
    sii += di * di;
    svi2 += 2 * dv * di;
  }
  if (svi2 === 0 || !Number.isFinite(svv) || !Number.isFinite(sii) || !Number.isFinite(svi2)) return null;
  const k = (svv - sii) / svi2;
  if (!Number.isFinite(k)) return null;
  const root = Math.hypot(k, 1);
  // The slope with the sign of the covariance, each written so that it does not cancel.
  const resistance = svi2 > 0 ? (k < 0 ? 1 / (root - k) : k + root) : k > 0 ? -1 / (root + k) : k - root;
  const r2 = resistance * resistance;
  // Rounding can push a sum of squares of an exact line a hair below 0.
  const residual = Math.max(0, r2 * sii - resistance * svi2 + svv);
  const spread = r2 * svv + resistance * svi2 + sii;
  if (!(spread > 0)) return null;
  const error = Math.sqrt(residual / (n - 2)) * ((1 + r2) / Math.sqrt(spread));
  const emf = meanV - resistance * meanI;
  if (![resistance, error, emf].every(Number.isFinite)) return null;
  return { resistance, emf, error };
}
