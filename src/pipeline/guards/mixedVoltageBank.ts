import { EMPTY, distinctUntilChanged, first, map, tap, type Observable, type SchedulerLike } from 'rxjs';
import type { Bank } from '../../battery/bank';
import type { Config } from '../../config/defaults';
import { shareLatest } from '../../rx/shareLatest';
import type { OutputPath } from '../outputPath';
import { sameBank } from '../selection/resolution';
import { excludedText, mixedVoltage, type MixedVoltageNote } from './mixedVoltage';

/** Where the aggregate lists the batteries a guard leaves out, each with why (a JSON object). */
export const EXCLUDED_PATH = '/System/ExcludedBatteries';

export interface GuardedBank {
  /** The bank every output is computed from (replays the latest). */
  readonly bank$: Observable<Bank>;
  /** `/System/ExcludedBatteries`, from the first battery left out on: a bank that never had one publishes no new path. */
  readonly outputs$: Observable<OutputPath>;
}

/**
 * The aggregated batteries with the mixed-voltage guard applied where they enter the bank, so a left-out battery
 * reaches no output (limits, SoC, counts, lists). With `mode: "off"` the members pass as they are and nothing is
 * followed. `onNote` hears each battery left out (a warning) or joining again.
 */
export function mixedVoltageBank(members$: Observable<Bank>, options: Config['mixedVoltage'], scheduler: SchedulerLike, onNote?: (note: MixedVoltageNote) => void): GuardedBank {
  if (options.mode === 'off') return { bank$: members$.pipe(shareLatest()), outputs$: EMPTY };
  const view$ = members$.pipe(
    mixedVoltage(options, scheduler),
    tap((view) => {
      if (onNote) for (const note of view.notes) onNote(note);
    }),
    shareLatest(),
  );
  return {
    bank$: view$.pipe(
      map((view) => view.bank),
      distinctUntilChanged(sameBank),
      shareLatest(),
    ),
    outputs$: view$.pipe(
      first((view) => view.excluded.size > 0),
      map((): OutputPath => ({ path: EXCLUDED_PATH, value$: view$.pipe(map((view) => excludedText(view.excluded)), distinctUntilChanged()) })),
    ),
  };
}
