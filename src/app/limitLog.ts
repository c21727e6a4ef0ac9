import { ignoreElements, map, merge, tap, type OperatorFunction } from 'rxjs';
import type { Logger } from '../log/logger';
import type { OutputPath } from '../pipeline/outputPath';
import { shortName } from '../battery/bank';
import { isExplained, type LimitExplanation } from '../pipeline/limits/limitOutputs';

/**
 * Logs at INFO every change of a published limit with the inputs that produced it. The pipeline emits an
 * explanation with each limit value; this is where it meets the log.
 */
export function logLimitChanges(log: Logger): OperatorFunction<OutputPath, OutputPath> {
  return map((output) =>
    isExplained(output)
      ? {
          path: output.path,
          value$: merge(
            output.explanation$.pipe(tap((e) => log.info('%s', describeLimit(e))), map((e) => e.value)),
            output.notice$ ? output.notice$.pipe(tap((notice) => log.warn('%s', notice)), ignoreElements()) : [],
          ),
        }
      : output,
  );
}

/**
 * One line an owner can check by hand, e.g.
 * `/Info/MaxChargeCurrent = 120 A (battery+dvcc: min(batteries 270 A, DVCC 120 A); capacity split: a 50 A x 6 = 300 A, ...)`.
 */
export function describeLimit(e: LimitExplanation): string {
  const value = e.value === null ? 'invalid' : `${round(e.value)} ${e.path === '/Info/MaxChargeVoltage' ? 'V' : 'A'}`;
  switch (e.path) {
    case '/Info/MaxChargeVoltage': {
      const candidates = e.candidates.map((c) => `${shortName(c.id)} ${round(c.voltage)} V`).join(', ') || 'none';
      const floating = e.floating.length > 0 ? `; floating, ignored: ${e.floating.map(shortName).join(', ')}` : '';
      const dvcc = e.userLimit === null ? 'DVCC voltage none' : `DVCC ${round(e.userLimit)} V`;
      const guard = e.guardCap === undefined ? '' : `; cell over-voltage guard: at most ${round(e.guardCap)} V`;
      return `${e.path} = ${value} (${e.mode}: ${e.rule} of ${candidates}${floating}; ${dvcc}${guard})`;
    }
    case '/Info/MaxChargeCurrent': {
      const dvcc = e.userLimit === null ? 'DVCC limit none' : `DVCC ${round(e.userLimit)} A`;
      return `${e.path} = ${value} (${e.mode}: batteries ${e.computed === null ? 'invalid' : `${round(e.computed)} A`}, ${dvcc}; ${split(e)}${smoothing(e)})`;
    }
    case '/Info/MaxDischargeCurrent':
      return `${e.path} = ${value} (${split(e)}${smoothing(e)})`;
  }
}

function split(e: Extract<LimitExplanation, { path: '/Info/MaxDischargeCurrent' }> | Extract<LimitExplanation, { path: '/Info/MaxChargeCurrent' }>): string {
  const shares = e.shares.map((s) => `${shortName(s.id)} ${s.limit === null ? 'no limit' : `${round(s.limit)} A x ${round(s.ratio)} = ${round(s.allows!)} A`}`);
  const blocked = e.blocked.length > 0 ? `; blocked: ${e.blocked.map(shortName).join(', ')}` : '';
  return `${e.method} split: ${shares.join(', ') || 'no connected battery'}${blocked}`;
}

/** While limit smoothing holds the value below the rule's: what the rule gives and the ramp towards it. */
function smoothing(e: Extract<LimitExplanation, { path: '/Info/MaxDischargeCurrent' }> | Extract<LimitExplanation, { path: '/Info/MaxChargeCurrent' }>): string {
  return e.smoothedFrom === undefined ? '' : `; limit smoothing: ramping to the rule's ${round(e.smoothedFrom)} A at ${e.rampRate} A/s`;
}

function round(value: number): number {
  return Number(value.toPrecision(6));
}
