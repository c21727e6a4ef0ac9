import type { Config } from '../../config/defaults';
import type { BankLimitInputs } from './limitInputs';

export type CvlMode = Config['cvlMode'];

/** The bank's charge voltage limit and what produced it, for the log. */
export interface ChargeVoltageExplanation {
  readonly value: number | null;
  readonly mode: CvlMode;
  /** How the candidates were combined (`dvcc` when the owner's voltage was taken as it is). */
  readonly rule: 'min' | 'max' | 'dvcc' | 'none';
  /** The batteries whose CVL counted, and their CVLs. */
  readonly candidates: ReadonlyArray<{ readonly id: string; readonly voltage: number }>;
  /** Batteries left out because they float while others still charge. */
  readonly floating: readonly string[];
  /** DVCC's user voltage when DVCC is on and one is set, else `null`; it caps the result. */
  readonly userLimit: number | null;
  /** The cell over-voltage guard's cap when it holds the CVL down (the value is then at most this). */
  readonly guardCap?: number;
}

/**
 * The bank's charge voltage limit (reference-behaviour.md, "Charge voltage limit"):
 * 1. Candidates = the batteries' valid `/Info/MaxChargeVoltage` (a negative one counts as 0); batteries
 *    known to float (charge mode containing "float") are left out while some other battery still charges.
 * 2. By `cvlMode`: `max_when_balancing` max while any battery balances, else min; `min_when_balancing`
 *    always min; `max_always` always max; `max_when_floating` max while every battery floats, else min;
 *    `dvcc` the owner's DVCC voltage, or min when DVCC gives none (the original published nothing).
 * 3. With DVCC on and a user voltage, the result is capped by it. No candidates: the user voltage with
 *    `dvcc`, else invalid.
 *
 * @example
 * // 56.8 and 56.4 V, nobody balancing, max_when_balancing -> 56.4 V
 * chargeVoltageLimit(inputs, 'max_when_balancing', null).value
 */
export function chargeVoltageLimit(inputs: BankLimitInputs, mode: CvlMode, userLimit: number | null): ChargeVoltageExplanation {
  const withCvl = inputs.filter((b) => b.chargeVoltage !== null);
  const counted = countedOf(withCvl);
  const floating = withCvl.filter((b) => !counted.includes(b)).map((b) => b.id);
  const candidates = counted.map((b) => ({ id: b.id, voltage: Math.max(0, b.chargeVoltage!) }));
  const rule = ruleOf(mode, inputs, userLimit, counted.length > 0);
  return { value: combined(counted, rule, userLimit), mode, rule, candidates, floating, userLimit };
}

/**
 * What the CVL's reason says, as one comparable text: the value first, then the rule, how many batteries count
 * and float, and which one binds. This runs on every signal; the explanation (and so the reason path) is built
 * only when it changes, not only the value: a battery starting to float leaves the CVL where it was but changes
 * "min of 3 batteries" to "min of 2".
 */
export function chargeVoltageReasonKey(inputs: BankLimitInputs, mode: CvlMode, userLimit: number | null): string {
  const withCvl = inputs.filter((b) => b.chargeVoltage !== null);
  const counted = countedOf(withCvl);
  const rule = ruleOf(mode, inputs, userLimit, counted.length > 0);
  const value = combined(counted, rule, userLimit);
  const binding = counted.find((b) => Math.max(0, b.chargeVoltage!) === value)?.id ?? '';
  return `${value}|${rule}|${counted.length}|${withCvl.length}|${binding}`;
}

/** Step 1: the batteries whose CVL counts, of those that report one. */
function countedOf(withCvl: BankLimitInputs): BankLimitInputs {
  const charging = withCvl.filter((b) => !isFloating(b.chargeMode));
  return charging.length > 0 ? charging : withCvl;
}

/** Steps 2 and 3, once the rule is known. */
function combined(counted: BankLimitInputs, rule: ChargeVoltageExplanation['rule'], userLimit: number | null): number | null {
  let value: number | null = null;
  if (rule === 'dvcc') value = userLimit;
  else if (rule === 'min' || rule === 'max') {
    for (const battery of counted) {
      const voltage = Math.max(0, battery.chargeVoltage!);
      if (value === null || (rule === 'min' ? voltage < value : voltage > value)) value = voltage;
    }
  }
  if (value !== null && userLimit !== null) value = Math.min(value, userLimit);
  return value;
}

function ruleOf(mode: CvlMode, inputs: BankLimitInputs, userLimit: number | null, anyCandidate: boolean): ChargeVoltageExplanation['rule'] {
  if (mode === 'dvcc' && userLimit !== null) return 'dvcc';
  if (!anyCandidate) return 'none';
  switch (mode) {
    case 'max_when_balancing':
      return inputs.some((b) => b.balancing !== null && b.balancing !== 0) ? 'max' : 'min';
    case 'max_always':
      return 'max';
    case 'max_when_floating':
      return allFloating(inputs) ? 'max' : 'min';
    default:
      return 'min';
  }
}

/** The aggregate `/Info/ChargeMode` is `Float`: some battery reports a mode, and every mode says float. */
function allFloating(inputs: BankLimitInputs): boolean {
  const modes = inputs.map((b) => b.chargeMode).filter((mode) => mode !== null);
  return modes.length > 0 && modes.every(isFloating);
}

function isFloating(mode: string | null): boolean {
  return mode !== null && mode.toLowerCase().includes('float');
}
