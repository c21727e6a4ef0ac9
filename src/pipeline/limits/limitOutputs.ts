import { Observable, asapScheduler, asyncScheduler, combineLatest, distinctUntilChanged, map, type OperatorFunction, type SchedulerLike } from 'rxjs';
import { shareLatest } from '../../rx/shareLatest';
import type { Bank } from '../../battery/bank';
import { userChargeCurrent, userChargeVoltage, type DvccState } from '../../battery/dvcc';
import type { Value } from '../../battery/value';
import type { Config } from '../../config/defaults';
import type { OutputPath } from '../outputPath';
import { chargeVoltageLimit, chargeVoltageReasonKey } from './chargeVoltageLimit';
import { bankCurrentLimit, bankCurrentLimitValue, cclModeValue, withCclMode } from './currentLimit';
import { REASON_PATHS, limitReason } from './limitReason';
import { currentRatios, type CurrentRatioMethod } from './currentRatios';
import { limitInputs, type BankLimitInputs } from './limitInputs';
import { withMeasuredResistance } from './measuredBank';
import { withCellVoltageGuard, withLimitSmoothing } from './limitGuards';
import type { ExplainedOutputPath, LimitExplanation } from './explainedOutput';

export { isExplained, type ExplainedOutputPath, type LimitExplanation } from './explainedOutput';

/**
 * The bank's charge limits (`/Info/MaxChargeCurrent`, `/Info/MaxDischargeCurrent`, `/Info/MaxChargeVoltage`)
 * with their reasons (`REASON_PATHS`), the resistance estimates behind them (`/System/InternalResistances`,
 * `/System/EMFs`) and the split's shares of the bank current (`/System/CurrentShares`); these
 * three are JSON lists aligned with `/System/Batteries`, `null` where unknown. Every output is recomputed when any battery
 * input, the bank or DVCC changes (once per instant), and emitted only when its value changes. `scheduler`
 * ends an instant (a microtask; the frame in virtual time); `clock` runs limit smoothing's ramp (the pipeline's
 * clock, so a replay's virtual time drives it).
 */
export function limitOutputs(
  bank$: Observable<Bank>,
  dvcc$: Observable<DvccState>,
  config: Config,
  scheduler: SchedulerLike = asapScheduler,
  clock: SchedulerLike = asyncScheduler,
): OutputPath[] {
  const ir = { ...config.ir, correctOverCurrent: config.currentRatioMethod === 'ir' };
  const inputs$ = bank$.pipe(withMeasuredResistance(ir, scheduler), limitInputs(scheduler), shareLatest());
  // `inputs$` comes once per instant (see `limitInputs`), so each limit walks the bank once per signal.
  const state$ = combineLatest([inputs$, dvcc$]).pipe(shareLatest());
  // Each limit's value is computed once per instant; its explanation (one object per battery) only when
  // the value changes (for the CVL, also what its reason says), which is when it is logged.
  const explained = (
    path: LimitExplanation['path'],
    /** What, when it changes, makes a new explanation: the value, or for the CVL what its reason says. */
    changeKey: (inputs: BankLimitInputs, dvcc: DvccState) => number | string | null,
    explain: (inputs: BankLimitInputs, dvcc: DvccState) => LimitExplanation,
  ): ExplainedOutputPath => {
    // Shared: the value and its reason path take the one explanation built per change.
    const explanation$ = state$.pipe(
      distinctUntilChanged((a, b) => a === b, ([inputs, dvcc]) => changeKey(inputs, dvcc)),
      map(([inputs, dvcc]) => explain(inputs, dvcc)),
      shareLatest(),
    );
    return { path, explanation$, value$: explanation$.pipe(map((e) => e.value), distinctUntilChanged()) };
  };
  const reasonOf = (limit: ExplainedOutputPath): OutputPath => ({
    path: REASON_PATHS[limit.path],
    value$: limit.explanation$.pipe(map(limitReason)),
  });
  const list = (of: (battery: BankLimitInputs[number]) => number | null): Observable<Value> =>
    inputs$.pipe(jsonListOf(of));
  const method = config.currentRatioMethod;
  const cvl = explained(
    '/Info/MaxChargeVoltage',
    (inputs, dvcc) => chargeVoltageReasonKey(inputs, config.cvlMode, userChargeVoltage(dvcc)),
    (inputs, dvcc) => ({ path: '/Info/MaxChargeVoltage', ...chargeVoltageLimit(inputs, config.cvlMode, userChargeVoltage(dvcc)) }),
  );
  // limit smoothing comes after DVCC (cclMode), so a DVCC cap that rises ramps too; off, nothing is subscribed
  const smoothing = config.limitSmoothing;
  const smoothed = (limit: ExplainedOutputPath): ExplainedOutputPath => (smoothing === null ? limit : withLimitSmoothing(limit, smoothing, clock));
  const ccl = explained(
    '/Info/MaxChargeCurrent',
    (inputs, dvcc) => cclModeValue(bankCurrentLimitValue(inputs, 'charge', method), config.cclMode, userChargeCurrent(dvcc)),
    (inputs, dvcc) => ({ path: '/Info/MaxChargeCurrent', ...withCclMode(bankCurrentLimit(inputs, 'charge', method), config.cclMode, userChargeCurrent(dvcc)) }),
  );
  const dcl = explained(
    '/Info/MaxDischargeCurrent',
    (inputs) => bankCurrentLimitValue(inputs, 'discharge', method),
    (inputs) => ({ path: '/Info/MaxDischargeCurrent', ...bankCurrentLimit(inputs, 'discharge', method) }),
  );
  const limits = [
    smoothed(ccl),
    smoothed(dcl),
    config.cellVoltageGuard === null ? cvl : withCellVoltageGuard(cvl, bank$, config.cellVoltageGuard, scheduler),
  ];
  return [
    ...limits,
    ...limits.map(reasonOf),
    { path: '/System/InternalResistances', value$: list((b) => b.resistance) },
    { path: '/System/EMFs', value$: list((b) => b.emf) },
    // What the split assumes, for `status` to set beside each battery's measured share.
    { path: '/System/CurrentShares', value$: inputs$.pipe(jsonList((inputs) => currentShares(inputs, method))) },
  ];
}

/**
 * A JSON list of one number per battery, emitted when it changes. Most input changes leave it as it
 * was, so the numbers are compared before any text is built.
 */
function jsonListOf(of: (battery: BankLimitInputs[number]) => number | null): OperatorFunction<BankLimitInputs, Value> {
  return (inputs$) =>
    new Observable<Value>((subscriber) => {
      let last: (number | null)[] | null = null;
      return inputs$.subscribe({
        next: (inputs) => {
          if (last !== null && last.length === inputs.length && inputs.every((battery, i) => of(battery) === last![i])) return;
          last = inputs.map(of);
          subscriber.next(JSON.stringify(last));
        },
        error: (err: unknown) => subscriber.error(err),
        complete: () => subscriber.complete(),
      });
    });
}

/**
 * The share of the bank current the split assumes for each battery (1 / ratio, adding up to 1), as if every
 * battery were connected; rounded to 4 digits, so that a resistance estimate's last digit does not rewrite it.
 */
function currentShares(inputs: BankLimitInputs, method: CurrentRatioMethod): number[] {
  return currentRatios(inputs, method).ratios.map((ratio) => Math.round(1e4 / ratio) / 1e4);
}

/** A JSON list computed from the inputs (once per instant), emitted when one of its numbers changes. */
function jsonList(compute: (inputs: BankLimitInputs) => (number | null)[]): OperatorFunction<BankLimitInputs, Value> {
  return (inputs$) =>
    new Observable<Value>((subscriber) => {
      let last: (number | null)[] | null = null;
      return inputs$.subscribe({
        next: (inputs) => {
          const list = compute(inputs);
          if (last !== null && last.length === list.length && list.every((x, i) => x === last![i])) return;
          last = list;
          subscriber.next(JSON.stringify(last));
        },
        error: (err: unknown) => subscriber.error(err),
        complete: () => subscriber.complete(),
      });
    });
}
