import type { Config } from '../../config/defaults';

export type CurrentRatioMethod = Config['currentRatioMethod'];

/** What the split needs of one connected battery. */
export interface SplitInputs {
  readonly capacity: number | null;
  readonly resistance: number | null;
}

export interface CurrentRatios {
  /** The method actually used, after falling back. */
  readonly method: CurrentRatioMethod;
  /** Per battery, bank current / its current (always >= 1); the shares 1 / ratio add up to 1. */
  readonly ratios: readonly number[];
}

/**
 * How parallel batteries share the bank current (reference-behaviour.md, "Charge and discharge current
 * limits"): battery i carries I_bank / ratio_i.
 * - `ir`: ratio_i = R_i / R_bank = sum_j R_i / R_j (written so that no 1/R overflows); falls back to
 *   `capacity` when a battery has no resistance yet.
 * - `capacity`: R taken as inversely proportional to capacity: ratio_i = sum_j C_j / C_i; falls back to
 *   `count` when a capacity is missing or not positive.
 * - `count`: ratio = number of batteries.
 * A method whose ratios would not be finite falls back as if an input were missing.
 */
export function currentRatios(batteries: readonly SplitInputs[], method: CurrentRatioMethod): CurrentRatios {
  if (method === 'ir') {
    const ratios = resistanceRatios(batteries.map((b) => b.resistance));
    if (ratios) return { method, ratios };
    method = 'capacity';
  }
  if (method === 'capacity') {
    const ratios = capacityRatios(batteries.map((b) => b.capacity));
    if (ratios) return { method, ratios };
  }
  return { method: 'count', ratios: batteries.map(() => batteries.length) };
}

/** ratio_i = sum_j R_i / R_j; `null` when a resistance is missing or unusable. */
function resistanceRatios(resistances: ReadonlyArray<number | null>): number[] | null {
  const rs = usable(resistances);
  return rs && finiteOrNull(rs.map((ri) => rs.reduce((sum, rj) => sum + ri / rj, 0)));
}

/** ratio_i = sum_j C_j / C_i; `null` when a capacity is missing or unusable. */
function capacityRatios(capacities: ReadonlyArray<number | null>): number[] | null {
  const cs = usable(capacities);
  if (!cs) return null;
  const total = cs.reduce((sum, c) => sum + c, 0);
  return finiteOrNull(cs.map((c) => total / c));
}

function usable(values: ReadonlyArray<number | null>): number[] | null {
  return values.every((v): v is number => v !== null && v > 0 && Number.isFinite(v)) ? (values as number[]) : null;
}

function finiteOrNull(ratios: number[]): number[] | null {
  return ratios.every(Number.isFinite) ? ratios : null;
}
