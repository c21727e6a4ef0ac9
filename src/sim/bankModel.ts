import { createBattery, defaultParams, step, withRunawayCell } from './batteryModel';
import type { BatteryState } from './batteryState';
import { chargeCurrentLimit, dischargeCurrentLimit } from './bms';
import { restingVoltage } from './cells';
import { shareCurrent, type ParallelBranch } from './currentSharing';
import { DEFAULT_PROFILE, nextLoad, nextPhase, phaseCurrent, type CycleProfile, type CyclePhase } from './cycleProfile';
import { advance, seededRandom, unitFloat } from './random';

/**
 * A bank of batteries in parallel on one DC bus, driven through charge cycles (cycleProfile.ts). Pure
 * and deterministic for a seed: the PRNG position is part of the state.
 */
export interface BankState {
  readonly batteries: readonly BatteryState[];
  /** Cells per pack of the bank's bus; a pack of another count (`apart`) is on a bus of its own, at rest. */
  readonly cells: number;
  /** Ah of the packs on the bank's bus. */
  readonly installedAh: number;
  readonly phase: CyclePhase;
  readonly secondsInPhase: number;
  /** The present load level while discharging, in C. */
  readonly loadC: number;
  /** What the phase asked for and what flowed (the sum of the batteries' currents), A. */
  readonly requestedA: number;
  readonly currentA: number;
  readonly busVoltage: number;
  /** Simulated seconds per real second. */
  readonly timeScale: number;
  readonly profile: CycleProfile;
  readonly rng: number;
}

export interface BankOptions {
  readonly seed?: number;
  readonly timeScale?: number;
  /** Mean starting state of charge 0..1; each battery strays up to ±5 % from it. */
  readonly initialSoc?: number;
  readonly ambientC?: number;
  readonly profile?: Partial<CycleProfile>;
  /** Cells in series per pack (16: a 48 V LiFePO4 bank). */
  readonly cells?: number;
  /** Packs by index with another cell count (8: a 24 V pack a discovery rule added): not on the bank's bus, at rest. */
  readonly cellsOf?: ReadonlyMap<number, number>;
  /** One cell of pack `index` held at `voltage` from the start (`withRunawayCell`). */
  readonly runaway?: { readonly index: number; readonly voltage: number };
}

export type { CyclePhase, CycleProfile };

/**
 * Longest simulated step. Current flowing between parallel packs evens out their voltages within about
 * a minute near full or empty; steps well below that keep the explicit integration stable.
 */
const MAX_STEP_S = 10;

/**
 * Internal resistance of a 16-cell pack: about 0.8 Ohm Ah / capacity (8 mOhm at 100 Ah, 2.9 at 280),
 * ±10 % between packs, kept within 2-12 mOhm.
 */
export function resistanceFor(capacityAh: number, jitter: number): number {
  return Math.min(0.012, Math.max(0.002, (0.8 / capacityAh) * (1 + 0.1 * jitter)));
}

export function createBank(capacitiesAh: readonly number[], options: BankOptions = {}): BankState {
  const random = seededRandom(options.seed ?? 1);
  const initialSoc = options.initialSoc ?? 0.65;
  const cells = options.cells ?? 16;
  const batteries = capacitiesAh.map((capacityAh, index) => {
    const base = defaultParams(capacityAh, resistanceFor(capacityAh, random.signed()), options.cellsOf?.get(index) ?? cells);
    const params = options.ambientC === undefined ? base : { ...base, ambientC: options.ambientC };
    const soc = initialSoc + 0.05 * random.signed();
    const battery = createBattery(params, random, soc, params.ambientC + random.signed());
    return options.runaway?.index === index ? withRunawayCell(battery, options.runaway.voltage) : battery;
  });
  const profile = { ...DEFAULT_PROFILE, ...options.profile };
  return {
    batteries,
    cells,
    installedAh: batteries.reduce((sum, b) => sum + (onBus(b, cells) ? b.params.capacityAh : 0), 0),
    phase: 'discharge',
    secondsInPhase: 0,
    loadC: profile.dischargeC,
    requestedA: 0,
    currentA: 0,
    busVoltage: 0,
    timeScale: options.timeScale ?? 1,
    profile,
    rng: random.state(),
  };
}

/** Capacity-weighted state of charge of the bank, 0..1. */
export function bankSoc(bank: BankState): number {
  if (bank.installedAh === 0) return 0;
  let ah = 0;
  for (const battery of bank.batteries) if (onBus(battery, bank.cells)) ah += battery.soc * battery.params.capacityAh;
  return ah / bank.installedAh;
}

/** The bank `realSeconds` of wall time later (times `timeScale`), in steps of at most MAX_STEP_S. */
export function stepBank(bank: BankState, realSeconds: number): BankState {
  const total = realSeconds * bank.timeScale;
  const steps = Math.ceil(total / MAX_STEP_S - 1e-9);
  let next = bank;
  for (let i = 0; i < steps; i++) next = stepBankBy(next, total / steps);
  return next;
}

/** A pack of the bank's cell count is on its bus. */
function onBus(battery: BatteryState, cells: number): boolean {
  return battery.params.cells === cells;
}

function branchOf(battery: BatteryState): ParallelBranch {
  return {
    emfV: restingVoltage(battery),
    resistanceOhm: battery.params.resistanceOhm,
    maxChargeA: chargeCurrentLimit(battery),
    maxDischargeA: dischargeCurrentLimit(battery),
  };
}

/** One step of `simSeconds` simulated time, with the current the cycle asks for shared by the batteries. */
export function stepBankBy(bank: BankState, simSeconds: number): BankState {
  let rng = bank.rng;
  const draw = () => unitFloat((rng = advance(rng)));
  const soc = bankSoc(bank);
  const phase = nextPhase(bank.phase, bank.secondsInPhase, soc, bank.profile);
  const loadC = nextLoad(bank.loadC, simSeconds, bank.profile, draw(), draw());
  const requestedA = phaseCurrent(phase, soc, bank.installedAh, loadC, bank.profile, draw() * 2 - 1);
  const shared = bank.batteries.filter((battery) => onBus(battery, bank.cells));
  const share = shareCurrent(requestedA, shared.map(branchOf));
  let currentA = 0;
  let at = 0;
  const batteries = bank.batteries.map((battery) => {
    // a pack of another voltage sits on its own bus: no current, no share of the cycle
    const current = onBus(battery, bank.cells) ? share.currents[at++]! : 0;
    currentA += current;
    return step(battery, simSeconds, current, bank.profile.voltageNoiseV * (draw() * 2 - 1));
  });
  return {
    ...bank,
    batteries,
    phase,
    secondsInPhase: phase === bank.phase ? bank.secondsInPhase + simSeconds : simSeconds,
    loadC,
    requestedA,
    currentA,
    busVoltage: share.busVoltage,
    rng,
  };
}
