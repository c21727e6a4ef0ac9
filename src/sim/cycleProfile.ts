/**
 * The duty cycle that drives a simulated bank: a load discharges it to a low state of charge, then a
 * charger brings it back through bulk (constant current), absorption (constant voltage, so the current
 * tapers as the cells fill) and float, and the cycle repeats. Currents are in C of the whole bank.
 */
export type CyclePhase = 'discharge' | 'bulk' | 'absorption' | 'float';

export interface CycleProfile {
  /** Mean load while discharging, in C (A per Ah installed). */
  readonly dischargeC: number;
  /** The load jumps to a new level (0.25 to 1.75 times the mean) about this often, in simulated seconds. */
  readonly loadHoldS: number;
  /** Charge current in bulk, in C. */
  readonly bulkC: number;
  /** Charging starts at this bank state of charge (0..1). */
  readonly lowSoc: number;
  /** Absorption starts at this state of charge. */
  readonly absorptionSoc: number;
  /** Float starts at this state of charge, or after `maxAbsorptionS`. */
  readonly fullSoc: number;
  readonly maxAbsorptionS: number;
  /** Simulated seconds in float before the load returns. */
  readonly floatS: number;
  /** Relative noise on the bank current (0.02 = ±2 %). */
  readonly currentNoise: number;
  /** Noise on each pack's voltage reading, in V. */
  readonly voltageNoiseV: number;
}

/** About 7.5 simulated hours a cycle: discharge 4 h, bulk 2.5 h, absorption and float 1 h. */
export const DEFAULT_PROFILE: CycleProfile = {
  dischargeC: 0.2,
  loadHoldS: 120,
  bulkC: 0.3,
  lowSoc: 0.2,
  absorptionSoc: 0.95,
  fullSoc: 0.998,
  maxAbsorptionS: 7200,
  floatS: 1800,
  currentNoise: 0.02,
  voltageNoiseV: 0.003,
};

/** Absorption never tapers below this (in C), so it ends; float covers self-consumption with about this much. */
const TAIL_C = 0.01;
const FLOAT_C = 0.002;

export function nextPhase(phase: CyclePhase, secondsInPhase: number, soc: number, p: CycleProfile): CyclePhase {
  switch (phase) {
    case 'discharge':
      return soc <= p.lowSoc ? 'bulk' : phase;
    case 'bulk':
      return soc >= p.absorptionSoc ? 'absorption' : phase;
    case 'absorption':
      return soc >= p.fullSoc || secondsInPhase >= p.maxAbsorptionS ? 'float' : phase;
    case 'float':
      return secondsInPhase >= p.floatS ? 'discharge' : phase;
  }
}

/**
 * The load in C after `dt` seconds: household loads switch on and off, which is also what lets a
 * client fit each battery's internal resistance from its voltage and current. `chance` and `level`
 * are draws in [0, 1).
 */
export function nextLoad(loadC: number, dt: number, p: CycleProfile, chance: number, level: number): number {
  return chance < dt / p.loadHoldS ? p.dischargeC * (0.25 + 1.5 * level) : loadC;
}

/** The bank current the phase asks for (positive = charging); `noise` is a draw in [-1, 1). */
export function phaseCurrent(phase: CyclePhase, soc: number, installedAh: number, loadC: number, p: CycleProfile, noise: number): number {
  const jitter = 1 + p.currentNoise * noise;
  switch (phase) {
    case 'discharge':
      return -loadC * installedAh * jitter;
    case 'bulk':
      return p.bulkC * installedAh * jitter;
    case 'absorption': {
      const taper = Math.min(1, (1 - soc) / (1 - p.absorptionSoc));
      return Math.max(TAIL_C, p.bulkC * taper) * installedAh * jitter;
    }
    case 'float':
      return FLOAT_C * installedAh * (1 + noise);
  }
}
