import { Observable, concat, filter, from, map, of, type OperatorFunction, type SchedulerLike } from 'rxjs';
import type { Bank } from '../battery/bank';
import type { Value } from '../battery/value';
import { AGGREGATION_RULES, ALARM_PREFIX, CELL_ID_RULES, KNOWN_ALARMS, type AggregationRule } from '../battery/paths';
import { anyFlag } from './aggregate/anyFlag';
import { batteryCount, batteryList } from './aggregate/batteryList';
import { chargeModeSummary } from './aggregate/chargeModeSummary';
import { extremeCellId } from './aggregate/extremeCellId';
import { extremeOfValid } from './aggregate/extremeOfValid';
import { meanOfValid } from './aggregate/meanOfValid';
import { sumOfValid } from './aggregate/sumOfValid';
import { weightedSoc } from './aggregate/weightedSoc';
import { worstAlarm } from './aggregate/worstAlarm';
import { discoveredPaths } from './discoveredPaths';
import { limitOutputs } from './limits/limitOutputs';
import { DVCC_OFF, type DvccState } from '../battery/dvcc';
import { DEFAULT_CONFIG, type Config } from '../config/defaults';
import type { OutputPath } from './outputPath';

export interface BankOptions {
  readonly config?: Config;
  /** DVCC's state; off when absent. */
  readonly dvcc$?: Observable<DvccState>;
  /** Ends an instant, whose changes the limits take together (a microtask by default). */
  readonly scheduler?: SchedulerLike;
  /** The clock of the limits' timers (limit smoothing's ramp), the pipeline's; rxjs's async scheduler when absent. */
  readonly clock?: SchedulerLike;
}

const RULES: Record<AggregationRule, (path: string) => OperatorFunction<Bank, Value>> = {
  sum: sumOfValid,
  mean: meanOfValid,
  max: (path) => extremeOfValid(path, 'max'),
  min: (path) => extremeOfValid(path, 'min'),
  flag: anyFlag,
  alarm: worstAlarm,
};

/**
 * Every output path of an aggregated bank. The fixed paths are emitted at once, on subscription; an alarm
 * path no driver is known for is emitted when a battery first publishes it. `bank$` must replay the
 * current bank to late subscribers (e.g. `shareReplay(1)`), since alarm paths subscribe later.
 */
export function aggregateBank(bank$: Observable<Bank>, options: BankOptions = {}): Observable<OutputPath> {
  const output = (path: string, operator: OperatorFunction<Bank, Value>): OutputPath => ({ path, value$: bank$.pipe(operator) });
  const known = new Set<string>(KNOWN_ALARMS);
  const config = options.config ?? DEFAULT_CONFIG;
  const rule = (path: string, byDefault: AggregationRule): OperatorFunction<Bank, Value> =>
    path === '/Soc' ? socRule(config) : RULES[byDefault](path);
  const fixed: OutputPath[] = [
    ...AGGREGATION_RULES.map(([path, byDefault]) => output(path, rule(path, byDefault))),
    ...KNOWN_ALARMS.map((path) => output(path, worstAlarm(path))),
    output('/Info/ChargeMode', chargeModeSummary()),
    ...CELL_ID_RULES.map(({ idPath, valuePath, extreme }) => output(idPath, extremeCellId(valuePath, idPath, extreme))),
    output('/System/Batteries', batteryList()),
    output('/System/NrOfBatteries', batteryCount()),
    output('/System/BatteriesParallel', batteryCount()),
    { path: '/System/BatteriesSeries', value$: of(1) },
    ...limitOutputs(bank$, options.dvcc$ ?? of(DVCC_OFF), config, options.scheduler, options.clock),
  ];
  const alarms = bank$.pipe(
    discoveredPaths(ALARM_PREFIX),
    filter((path) => !known.has(path)),
    map((path) => output(path, worstAlarm(path))),
  );
  return concat(from(fixed), alarms);
}

/** `/Soc` of the bank: capacity-weighted by default, the original's mean with `socMode: "mean"`. */
export function socRule(config: Config): OperatorFunction<Bank, Value> {
  return config.socMode === 'mean' ? meanOfValid('/Soc') : weightedSoc();
}
