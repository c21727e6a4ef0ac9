import { shortName } from '../../battery/bank';
import type { ChargeVoltageExplanation } from './chargeVoltageLimit';
import type { ChargeCurrentExplanation, CurrentLimitExplanation } from './currentLimit';
import type { LimitExplanation } from './limitExplanation';

/**
 * The text paths published beside each limit, named as dbus-serialbattery names its own (it publishes why
 * it limits CCL and DCL under these two; CVL's is ours).
 */
export const REASON_PATHS = {
  '/Info/MaxChargeCurrent': '/Info/ChargeLimitation',
  '/Info/MaxDischargeCurrent': '/Info/DischargeLimitation',
  '/Info/MaxChargeVoltage': '/Info/ChargeVoltageLimitation',
} as const satisfies Record<LimitExplanation['path'], string>;

/**
 * What sets a limit, in one short line an owner reads on the GX or in `status`, e.g.
 * `c2: own limit 60 A x ratio 1.5 (capacity split)`. Built only when the limit changes, like the log line
 * (`describeLimit`), which says the same at length.
 */
export function limitReason(e: LimitExplanation): string {
  switch (e.path) {
    case '/Info/MaxChargeVoltage':
      return voltageReason(e);
    case '/Info/MaxChargeCurrent':
      return e.smoothedFrom === undefined ? chargeReason(e) : smoothingReason(e);
    case '/Info/MaxDischargeCurrent':
      return e.smoothedFrom === undefined ? splitReason(e) : smoothingReason(e);
  }
}

/** While a rise ramps, what holds the value is the smoothing, not the rule: `ramping to 120 A at 2 A/s (limit smoothing)`. */
function smoothingReason(e: CurrentLimitExplanation): string {
  return `ramping to ${round(e.smoothedFrom!)} A at ${e.rampRate} A/s (limit smoothing)`;
}

function chargeReason(e: ChargeCurrentExplanation): string {
  const dvccBinds = e.userLimit !== null && e.value === e.userLimit && (e.mode === 'dvcc' || e.computed === null || e.userLimit < e.computed);
  if (dvccBinds) return `DVCC limit ${round(e.userLimit!)} A (cclMode ${e.mode})`;
  return splitReason(e);
}

/** The battery whose own limit x ratio is the smallest: the one that reaches its own limit first. */
function splitReason(e: CurrentLimitExplanation): string {
  if (e.value === null) return 'no battery reports a limit';
  let binding: CurrentLimitExplanation['shares'][number] | null = null;
  for (const share of e.shares) {
    if (share.allows !== null && Number.isFinite(share.allows) && (binding === null || share.allows < binding.allows!)) binding = share;
  }
  if (binding === null) {
    return e.blocked.length > 0 ? `blocked: ${e.blocked.map(shortName).join(', ')}` : 'no connected battery reports a limit';
  }
  return `${shortName(binding.id)}: own limit ${round(binding.limit!)} A x ratio ${round(binding.ratio)} (${e.method} split)`;
}

function voltageReason(e: ChargeVoltageExplanation): string {
  if (e.value === null) return 'no battery reports a charge voltage';
  if (e.guardCap !== undefined) return `cell over-voltage guard: at most ${round(e.guardCap)} V (a cell above maxCellVoltage)`;
  if (e.rule === 'dvcc') return `DVCC voltage ${round(e.value)} V (cvlMode dvcc)`;
  const of = e.candidates.length === 1 ? '1 battery' : `${e.candidates.length} batteries`;
  const binding = e.candidates.find((c) => c.voltage === e.value);
  if (binding === undefined) return `DVCC voltage ${round(e.value)} V caps the ${e.rule} of ${of}`;
  const floating = e.floating.length > 0 ? `, floating ignored: ${e.floating.map(shortName).join(', ')}` : '';
  return `${shortName(binding.id)}: own CVL ${round(binding.voltage)} V (${e.rule} of ${of}${floating})`;
}

function round(value: number): number {
  return Number(value.toPrecision(4));
}
