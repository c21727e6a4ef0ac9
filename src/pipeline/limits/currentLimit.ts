import type { Config } from '../../config/defaults';
import { currentRatios, type CurrentRatioMethod } from './currentRatios';
import type { BankLimitInputs, BatteryLimitInputs } from './limitInputs';

export type CurrentDirection = 'charge' | 'discharge';

const KEYS = {
  charge: ['chargeLimit', 'allowCharge'],
  discharge: ['dischargeLimit', 'allowDischarge'],
} as const satisfies Record<CurrentDirection, readonly [keyof BatteryLimitInputs, keyof BatteryLimitInputs]>;
type LimitKey = (typeof KEYS)[CurrentDirection][0];

/** A connected battery's part in a current limit: its own limit, its ratio, and the bank limit it allows. */
export interface BatteryShare {
  readonly id: string;
  readonly limit: number | null;
  readonly ratio: number;
  /** limit x ratio: the bank current at which this battery reaches its own limit; `null` without one. */
  readonly allows: number | null;
}

/** A bank current limit and what produced it, for the log. */
export interface CurrentLimitExplanation {
  readonly value: number | null;
  /** The split method actually used. */
  readonly method: CurrentRatioMethod;
  /** Connected batteries, in id order. */
  readonly shares: readonly BatteryShare[];
  /** Batteries whose allow flag is 0. */
  readonly blocked: readonly string[];
  /** Set while limit smoothing holds the value below the rule's: the rule's value, which the ramp climbs to. */
  readonly smoothedFrom?: number;
  /** The ramp's rate in A/s, with `smoothedFrom`. */
  readonly rampRate?: number;
}

/**
 * The bank's charge (or discharge) current limit from the batteries' own limits (reference-behaviour.md):
 * 1. Connected = allow flag (`/Io/AllowToCharge` or `/Io/AllowToDischarge`) not 0; absent counts as allowed.
 * 2. Ratios of the connected batteries by `method` (`currentRatios`, with its fallbacks).
 * 3. Limit = min over connected batteries with a valid own limit of own limit x ratio: at that bank current,
 *    shared in those ratios, no battery exceeds its own limit. A negative own limit counts as 0.
 * 4. No such battery: 0 when some battery reports a positive limit (all of those are blocked), else invalid.
 * Never negative, never infinite: a product that overflows limits nothing, and if all do, invalid.
 *
 * @example
 * // own CCLs 50, 90, 150 A; capacities 100, 200, 300 Ah: ratios 6, 3, 2 -> min(300, 270, 300) = 270 A
 * bankCurrentLimit(inputs, 'charge', 'capacity').value // 270
 */
export function bankCurrentLimit(inputs: BankLimitInputs, direction: CurrentDirection, method: CurrentRatioMethod): CurrentLimitExplanation {
  const [limitKey, allowKey] = KEYS[direction];
  const connected = inputs.filter((battery) => battery[allowKey] !== 0);
  const split = currentRatios(connected, method);
  const shares = connected.map((battery, i): BatteryShare => {
    const limit = ownLimit(battery[limitKey]);
    const ratio = split.ratios[i]!;
    return { id: battery.id, limit, ratio, allows: limit === null ? null : limit * ratio };
  });
  const blocked = inputs.filter((battery) => battery[allowKey] === 0).map((battery) => battery.id);
  return { value: limitOfSplit(inputs, connected, split.ratios, limitKey), method: split.method, shares, blocked };
}

/**
 * `bankCurrentLimit(...).value` without the explanation: what runs on every signal (the explanation is
 * built only when this changes, for the log).
 */
export function bankCurrentLimitValue(inputs: BankLimitInputs, direction: CurrentDirection, method: CurrentRatioMethod): number | null {
  const [limitKey, allowKey] = KEYS[direction];
  const connected = inputs.filter((battery) => battery[allowKey] !== 0);
  return limitOfSplit(inputs, connected, currentRatios(connected, method).ratios, limitKey);
}

/** Steps 3 and 4 of `bankCurrentLimit`. */
function limitOfSplit(inputs: BankLimitInputs, connected: BankLimitInputs, ratios: readonly number[], limitKey: LimitKey): number | null {
  let value: number | null = null;
  let anyAllows = false;
  for (let i = 0; i < connected.length; i++) {
    const limit = ownLimit(connected[i]![limitKey]);
    if (limit === null) continue;
    anyAllows = true;
    const allows = limit * ratios[i]!;
    if (Number.isFinite(allows) && (value === null || allows < value)) value = allows;
  }
  if (!anyAllows && inputs.some((b) => (b[limitKey] ?? 0) > 0)) value = 0;
  return value;
}

/** A battery's own limit as the split takes it: a negative one counts as 0. */
function ownLimit(own: number | null): number | null {
  return own === null ? null : Math.max(0, own);
}

export type CclMode = Config['cclMode'];

/** The charge current limit after the owner's DVCC limit, by `cclMode`. */
export interface ChargeCurrentExplanation extends CurrentLimitExplanation {
  readonly mode: CclMode;
  /** What the batteries alone allow. */
  readonly computed: number | null;
  /** DVCC's user limit when DVCC is on and one is set, else `null`. */
  readonly userLimit: number | null;
}

/**
 * Applies `cclMode` to the batteries' charge current limit:
 * - `battery+dvcc`: the smaller of the two (either alone when the other is unknown);
 * - `battery`: the batteries' limit only;
 * - `dvcc`: the user limit; with DVCC off or no user limit, the batteries' limit (the original published -1).
 */
export function withCclMode(computed: CurrentLimitExplanation, mode: CclMode, userLimit: number | null): ChargeCurrentExplanation {
  return { ...computed, value: cclModeValue(computed.value, mode, userLimit), mode, computed: computed.value, userLimit };
}

/** `withCclMode(...).value` from the batteries' limit alone. */
export function cclModeValue(fromBatteries: number | null, mode: CclMode, userLimit: number | null): number | null {
  if (mode === 'battery' || userLimit === null) return fromBatteries;
  if (mode === 'dvcc' || fromBatteries === null) return userLimit;
  return Math.min(fromBatteries, userLimit);
}
