import { asapScheduler, combineLatest, distinctUntilChanged, map, shareReplay, type Observable, type SchedulerLike } from 'rxjs';
import type { Bank } from '../../battery/bank';
import { userChargeCurrent, userChargeVoltage, type DvccState } from '../../battery/dvcc';
import type { Value } from '../../battery/value';
import type { Config } from '../../config/defaults';
import type { OutputPath } from '../aggregateBank';
import { chargeVoltageLimit, type ChargeVoltageExplanation } from './chargeVoltageLimit';
import { bankCurrentLimit, withCclMode, type ChargeCurrentExplanation, type CurrentLimitExplanation } from './currentLimit';
import { limitInputs, type BankLimitInputs } from './limitInputs';
import { withMeasuredResistance } from './measuredBank';

export type LimitExplanation =
  | ({ readonly path: '/Info/MaxChargeCurrent' } & ChargeCurrentExplanation)
  | ({ readonly path: '/Info/MaxDischargeCurrent' } & CurrentLimitExplanation)
  | ({ readonly path: '/Info/MaxChargeVoltage' } & ChargeVoltageExplanation);

/** A limit output: its values, and alongside each one the inputs that produced it, for the app to log. */
export interface ExplainedOutputPath extends OutputPath {
  /** One explanation per published value: emitted only when the value changes. */
  readonly explanation$: Observable<LimitExplanation>;
}

export function isExplained(output: OutputPath): output is ExplainedOutputPath {
  return 'explanation$' in output;
}

/**
 * The bank's charge limits (`/Info/MaxChargeCurrent`, `/Info/MaxDischargeCurrent`, `/Info/MaxChargeVoltage`)
 * and the resistance estimates behind them (`/System/InternalResistances`, `/System/EMFs`: JSON lists
 * aligned with `/System/Batteries`, `null` where unknown). Every output is recomputed when any battery
 * input, the bank or DVCC changes, and emitted only when its value changes. `scheduler` ends an instant
 * for the resistance estimators (a microtask; virtual time in tests).
 */
export function limitOutputs(bank$: Observable<Bank>, dvcc$: Observable<DvccState>, config: Config, scheduler: SchedulerLike = asapScheduler): OutputPath[] {
  const ir = { ...config.ir, correctOverCurrent: config.currentRatioMethod === 'ir' };
  const inputs$ = bank$.pipe(withMeasuredResistance(ir, scheduler), limitInputs(), shareReplay({ bufferSize: 1, refCount: true }));
  const state$ = combineLatest([inputs$, dvcc$]).pipe(shareReplay({ bufferSize: 1, refCount: true }));
  const explained = (path: LimitExplanation['path'], explain: (inputs: BankLimitInputs, dvcc: DvccState) => LimitExplanation): ExplainedOutputPath => {
    const explanation$ = state$.pipe(
      map(([inputs, dvcc]) => explain(inputs, dvcc)),
      distinctUntilChanged((a, b) => a.value === b.value),
    );
    return { path, explanation$, value$: explanation$.pipe(map((e) => e.value)) };
  };
  const list = (of: (battery: BankLimitInputs[number]) => number | null): Observable<Value> =>
    inputs$.pipe(
      map((inputs) => JSON.stringify(inputs.map(of))),
      distinctUntilChanged(),
    );
  return [
    explained('/Info/MaxChargeCurrent', (inputs, dvcc) => ({
      path: '/Info/MaxChargeCurrent',
      ...withCclMode(bankCurrentLimit(inputs, 'charge', config.currentRatioMethod), config.cclMode, userChargeCurrent(dvcc)),
    })),
    explained('/Info/MaxDischargeCurrent', (inputs) => ({
      path: '/Info/MaxDischargeCurrent',
      ...bankCurrentLimit(inputs, 'discharge', config.currentRatioMethod),
    })),
    explained('/Info/MaxChargeVoltage', (inputs, dvcc) => ({
      path: '/Info/MaxChargeVoltage',
      ...chargeVoltageLimit(inputs, config.cvlMode, userChargeVoltage(dvcc)),
    })),
    { path: '/System/InternalResistances', value$: list((b) => b.resistance) },
    { path: '/System/EMFs', value$: list((b) => b.emf) },
  ];
}
