/**
 * How a bank current divides over batteries in parallel on one bus. Each battery is a resting voltage
 * (EMF) behind its internal resistance, so at bus voltage V it carries I = (V - EMF) / R: at equal EMF
 * the batteries share in inverse proportion to R, and a fuller battery gives current to an emptier one,
 * as real parallel packs do. Its BMS bounds that current to [-maxDischargeA, maxChargeA] (0 where it
 * blocks a direction); a battery at a bound holds it and the others take the rest.
 */
export interface ParallelBranch {
  readonly emfV: number;
  readonly resistanceOhm: number;
  readonly maxChargeA: number;
  readonly maxDischargeA: number;
}

export interface CurrentShare {
  readonly busVoltage: number;
  /** Per branch, positive = charging; they sum to the bank current unless every branch is at a bound. */
  readonly currents: number[];
}

function branchCurrent(branch: ParallelBranch, busVoltage: number): number {
  const current = (busVoltage - branch.emfV) / branch.resistanceOhm;
  return current > branch.maxChargeA ? branch.maxChargeA : current < -branch.maxDischargeA ? -branch.maxDischargeA : current;
}

function totalCurrent(branches: readonly ParallelBranch[], busVoltage: number): number {
  let sum = 0;
  for (const branch of branches) sum += branchCurrent(branch, busVoltage);
  return sum;
}

/**
 * Finds the bus voltage at which the branch currents add up to `bankCurrentA` (as far as the bounds
 * allow: a charger or load under DVCC gets no more). The total is monotonic in V, so bisection finds
 * which branches sit at a bound; the free ones then give V exactly.
 */
export function shareCurrent(bankCurrentA: number, branches: readonly ParallelBranch[]): CurrentShare {
  if (branches.length === 0) return { busVoltage: 0, currents: [] };
  let low = Infinity;
  let high = -Infinity;
  for (const b of branches) {
    low = Math.min(low, b.emfV - b.maxDischargeA * b.resistanceOhm);
    high = Math.max(high, b.emfV + b.maxChargeA * b.resistanceOhm);
  }
  const target = Math.min(Math.max(bankCurrentA, totalCurrent(branches, low)), totalCurrent(branches, high));
  for (let i = 0; i < 100 && high - low > 1e-12; i++) {
    const middle = (low + high) / 2;
    if (totalCurrent(branches, middle) < target) low = middle;
    else high = middle;
  }
  let busVoltage = (low + high) / 2;
  // Exact voltage from the free branches: sum G (V - EMF) = target - pinned.
  let pinned = 0;
  let conductance = 0;
  let weightedEmf = 0;
  for (const b of branches) {
    const current = branchCurrent(b, busVoltage);
    if (current === b.maxChargeA || current === -b.maxDischargeA) {
      pinned += current;
    } else {
      conductance += 1 / b.resistanceOhm;
      weightedEmf += b.emfV / b.resistanceOhm;
    }
  }
  if (conductance > 0) busVoltage = (target - pinned + weightedEmf) / conductance;
  return { busVoltage, currents: branches.map((b) => branchCurrent(b, busVoltage)) };
}
