import { combineLatest, distinctUntilChanged, filter, map, type Observable, type SchedulerLike } from 'rxjs';
import type { Bank } from '../../battery/bank';
import { shareLatest } from '../../rx/shareLatest';
import { cellGuardInputs, cellVoltageGuard, guardedChargeVoltage, type CellGuardOptions } from '../guards/cellVoltageGuard';
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
