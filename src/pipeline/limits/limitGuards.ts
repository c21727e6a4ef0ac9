import { combineLatest, distinctUntilChanged, filter, map, type Observable, type SchedulerLike } from 'rxjs';
import type { Bank } from '../../battery/bank';
import { shareLatest } from '../../rx/shareLatest';
import type { LimitSmoothing } from '../../config/defaults';
import { cellGuardInputs, cellVoltageGuard, guardedChargeVoltage, type CellGuardOptions } from '../guards/cellVoltageGuard';
import { limitSmoothing } from '../guards/limitSmoothing';
import type { ExplainedOutputPath, LimitExplanation } from './explainedOutput';

/**
 * The guards applied to the limits after the original's rules, before publishing; each is used only when its config
 * key is given, so a guard that is off subscribes to nothing.
 */

/** The CVL output with the cell over-voltage guard: the rule's value, capped while a cell runs high. */
export function withCellVoltageGuard(cvl: ExplainedOutputPath, bank$: Observable<Bank>, options: CellGuardOptions, scheduler: SchedulerLike): ExplainedOutputPath {
  const guard$ = bank$.pipe(cellGuardInputs(scheduler), cellVoltageGuard(options, scheduler), shareLatest());
  const explanation$ = combineLatest([cvl.explanation$, guard$]).pipe(
    map(([rule, guard]): LimitExplanation => {
      if (rule.path !== '/Info/MaxChargeVoltage' || guard.cap === null) return rule;
      const value = guardedChargeVoltage(rule.value, guard.cap);
      return value === rule.value ? rule : { ...rule, value, guardCap: guard.cap };
    }),
    distinctUntilChanged((a, b) => a.value === b.value),
    shareLatest(),
  );
  return {
    path: cvl.path,
    explanation$,
    value$: explanation$.pipe(map((e) => e.value)),
    notice$: guard$.pipe(
      map((g) => g.note),
      filter((note): note is string => note !== null),
      map((note) => `cell over-voltage guard: ${note}`),
    ),
  };
}

const SHORT_NAMES = { '/Info/MaxChargeCurrent': 'CCL', '/Info/MaxDischargeCurrent': 'DCL', '/Info/MaxChargeVoltage': 'CVL' } as const;

/**
 * A current limit (CCL or DCL) with limit smoothing: rises ramp at `rampRate` A/s, falls and invalid values pass at
 * once. While the ramp holds the value below the rule's, the explanation carries the rule's value (`smoothedFrom`);
 * one warning per ramp, when it starts.
 */
export function withLimitSmoothing(limit: ExplainedOutputPath, options: LimitSmoothing, scheduler: SchedulerLike): ExplainedOutputPath {
  const { rampRate } = options;
  const smoothed$ = limit.explanation$.pipe(limitSmoothing(rampRate, (e) => e.value, scheduler), shareLatest());
  const explanation$ = smoothed$.pipe(
    map(({ rule, value }): LimitExplanation => {
      if (rule.path === '/Info/MaxChargeVoltage' || value === rule.value || rule.value === null) return rule;
      return { ...rule, value, smoothedFrom: rule.value, rampRate };
    }),
    distinctUntilChanged((a, b) => a.value === b.value && smoothedFrom(a) === smoothedFrom(b)),
    shareLatest(),
  );
  const unit = 'A';
  return {
    path: limit.path,
    explanation$,
    value$: explanation$.pipe(
      map((e) => e.value),
      distinctUntilChanged(),
    ),
    notice$: smoothed$.pipe(
      filter((s) => s.rampStart !== null),
      map(({ rampStart }) => `limit smoothing: ${SHORT_NAMES[limit.path]} ramping from ${round(rampStart!.from)} ${unit} to ${round(rampStart!.to)} ${unit} at ${rampRate} ${unit}/s`),
    ),
  };
}

function smoothedFrom(e: LimitExplanation): number | undefined {
  return e.path === '/Info/MaxChargeVoltage' ? undefined : e.smoothedFrom;
}

function round(value: number): number {
  return Number(value.toPrecision(4));
}
