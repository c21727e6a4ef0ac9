import { asyncScheduler, defer, distinctUntilChanged, from, map, merge, of, ReplaySubject, switchMap, tap, type Observable, type SchedulerLike } from 'rxjs';
import { shareLatest } from '../rx/shareLatest';
import type { Bank, Battery } from '../battery/bank';
import { ALARM_PREFIX } from '../battery/paths';
import type { DvccState } from '../battery/dvcc';
import type { Value } from '../battery/value';
import type { ServiceRef } from '../config/codec';
import type { Config } from '../config/defaults';
import { aggregateBank, socRule } from './aggregateBank';
import { bankTimeToGo } from './aggregate/bankTimeToGo';
import { sumOfValid } from './aggregate/sumOfValid';
import { ownSocSamples, type OwnSocCounter } from './ownSoc/ownSocSamples';
import type { OutputPath } from './outputPath';
import { isExplained, type ExplainedOutputPath } from './limits/explainedOutput';
import { anyValid } from './aggregate/anyValid';
import { followPaths } from './selection/followPaths';
import { holdVanished } from './selection/holdVanished';
import { memberList, mergedBattery } from './selection/mergedBattery';
import { blockWinsRule, firstValidRule, precedence, worstRule, type PrecedenceRule } from './selection/precedence';
import { FOLLOWED_PATHS, Resolution, sameBank } from './selection/resolution';
import { customNameOf, refsForPath, selectedServices, type SelectedService } from './selection/serviceSelection';
import { virtualBatteryOutputs } from './virtual/virtualBatteryOutputs';
import type { MixedVoltageNote } from './guards/mixedVoltage';
import { EXCLUDED_PATH, mixedVoltageBank } from './guards/mixedVoltageBank';

/** Everything the pipeline reads from the bus, as Observables. */
export interface PipelineInputs {
  /** Every `com.victronenergy.battery.*` service seen, by name; replays its latest value to late subscribers. */
  readonly batteries$: Observable<Bank>;
  /** DVCC's state (`com.victronenergy.system` and `.settings`). */
  readonly dvcc$: Observable<DvccState>;
  /** The clock of `reconnectTimeout`, the guards' and limit smoothing's timers; rxjs's async scheduler when absent. */
  readonly scheduler?: SchedulerLike;
  /** Told when a `name:` reference resolves to a service, or resolves to none (`null`) any more or yet. */
  readonly onNameResolved?: (ref: string, service: string | null) => void;
  /** Told when a guard leaves a battery out of the bank (a warning) or lets it join again (`mixedVoltage`). */
  readonly onNotice?: (note: MixedVoltageNote) => void;
  /** The own SoC counter (config `ownSoc`), which the app loads only when it is configured. */
  readonly ownSoc?: OwnSocCounter;
}

/** A service the pipeline wants published, and the stream of its paths. */
export interface PublishedService {
  readonly name: string;
  /** The aggregate of the bank, or a virtual battery merged from its members. */
  readonly kind: 'aggregate' | 'virtual';
  /** The batteries it is computed from (replays the latest). */
  readonly bank$: Observable<Bank>;
  readonly outputs$: Observable<OutputPath>;
}

/** Paths precedence never touches: the limits are computed for safety, the bank paths describe our bank. */
const OWN_COMPUTATION = new Set([
  '/Info/MaxChargeCurrent',
  '/Info/MaxDischargeCurrent',
  '/Info/MaxChargeVoltage',
  '/Info/ChargeLimitation',
  '/Info/DischargeLimitation',
  '/Info/ChargeVoltageLimitation',
  '/System/InternalResistances',
  '/System/EMFs',
  '/System/CurrentShares',
  '/System/Batteries',
  '/System/NrOfBatteries',
  '/System/BatteriesParallel',
  '/System/BatteriesSeries',
  EXCLUDED_PATH,
]);

/**
 * The whole computation, from every battery service on the bus to every service we publish, with no I/O:
 * the app feeds it from the bus, tests and recordings feed it in virtual time.
 *
 * 1. Vanished batteries are held for `reconnectTimeout`; `name:` references resolve through `/CustomName`.
 * 2. Each virtual battery merges its members path by path and is published as its own service.
 * 3. The aggregate is built from every battery except our own service, the excluded ones, the members of
 *    virtual batteries, the primary and auxiliary services, any aggregator built from us (its
 *    `/System/Batteries` lists us) and any battery another aggregated service lists (it would count
 *    twice); the virtual batteries are in it. A battery whose voltage is off the bank's (`mixedVoltage`) is
 *    left out of it while it is. Primary and auxiliary values then take precedence path by path.
 */
export function aggregatorPipeline(inputs: PipelineInputs, config: Config): PublishedService[] {
  const virtualMembers = new Map(Object.entries(config.virtualBatteries).map(([id, selection]) => [id, selectedServices(selection)]));
  const primary = selectedServices(config.primaryServices);
  const auxiliary = selectedServices(config.auxiliaryServices);
  const virtuals = new Map<string, Battery>();
  const notAggregated: ServiceRef[] = [
    ...config.excludedServices,
    ...[...virtualMembers.values()].flat().map((s) => s.ref),
    ...primary.map((s) => s.ref),
    ...auxiliary.map((s) => s.ref),
  ];

  const resolution$ = inputs.batteries$.pipe(
    holdVanished(config.reconnectTimeout, inputs.scheduler ?? asyncScheduler),
    followPaths(FOLLOWED_PATHS),
    map((view) => new Resolution(view, virtuals)),
    tap(nameReporter(notAggregated, inputs.onNameResolved)),
    shareLatest(),
  );
  for (const [id, members] of virtualMembers) virtuals.set(id, mergedBattery(id, members, resolution$));

  const members$ = resolution$.pipe(
    map((resolution) => aggregatedBank(resolution, config.serviceName, notAggregated, virtualMembers, virtuals)),
    distinctUntilChanged(sameBank),
  );
  const guarded = mixedVoltageBank(members$, config.mixedVoltage, inputs.scheduler ?? asyncScheduler, inputs.onNotice);
  const bank$ = guarded.bank$;
  const withPrecedence = precedenceOf(bank$, primary, auxiliary, resolution$);
  const capacity = config.capacity ?? null;
  const published = (path: string, value$: Observable<Value>): Observable<Value> => final({ path, value$ }).value$;
  // the own counter reads the published CVL: the limits' output is shared with it when it passes by
  const chargeVoltage$ = new ReplaySubject<Observable<Value>>(1);
  const own$ = inputs.ownSoc
    ? inputs.ownSoc(ownSocSamples(bank$, chargeVoltage$.pipe(switchMap((value$) => value$)))).pipe(shareLatest())
    : null;
  const final = (output: OutputPath): OutputPath => {
    if (own$ !== null) {
      if (output.path === '/Info/MaxChargeVoltage') {
        const shared = sharedOutput(output);
        chargeVoltage$.next(shared.value$);
        return shared;
      }
      if (output.path === '/Soc') return { path: output.path, value$: own$.pipe(map((o) => o.soc), distinctUntilChanged()) };
      if (output.path === '/ConsumedAmphours') return { path: output.path, value$: own$.pipe(map((o) => o.consumedAmphours), distinctUntilChanged()) };
    }
    // time to go from the bank is made of what is published: /Capacity (with its override) and the bank current
    if (output.path === '/TimeToGo' && config.timeToGoMode === 'bank') {
      const capacity$ = published('/Capacity', bank$.pipe(sumOfValid('/Capacity')));
      const current$ = published('/Dc/0/Current', bank$.pipe(sumOfValid('/Dc/0/Current')));
      return withPrecedence({ path: output.path, value$: bankTimeToGo(capacity$, current$) });
    }
    if (capacity === null) return withPrecedence(output);
    if (output.path === '/InstalledCapacity') return { path: output.path, value$: of(capacity) };
    if (output.path === '/Capacity') return { path: output.path, value$: capacityLeft(capacity, withPrecedence({ path: '/Soc', value$: bank$.pipe(socRule(config)) }).value$) };
    return withPrecedence(output);
  };

  const main: PublishedService = {
    name: config.serviceName,
    kind: 'aggregate',
    bank$,
    outputs$: merge(withNamedPaths(aggregateBank(bank$, { config, dvcc$: inputs.dvcc$, clock: inputs.scheduler ?? asyncScheduler }).pipe(map(final)), [...primary, ...auxiliary], withPrecedence), guarded.outputs$),
  };
  const virtualServices = [...virtuals].map(([id, battery]): PublishedService => {
    const members = virtualMembers.get(id)!;
    return {
      name: id,
      kind: 'virtual',
      bank$: resolution$.pipe(
        map((resolution): Bank => new Map(resolution.members(members).map((m) => [m.battery.id, m.battery]))),
        distinctUntilChanged(sameBank),
      ),
      outputs$: virtualBatteryOutputs(battery, memberList(members, resolution$)),
    };
  });
  return [main, ...virtualServices];
}

/** The batteries the aggregate is built from (see `aggregatorPipeline`, step 3). */
function aggregatedBank(
  resolution: Resolution,
  ownName: string,
  notAggregated: readonly ServiceRef[],
  virtualMembers: ReadonlyMap<string, readonly SelectedService[]>,
  virtuals: ReadonlyMap<string, Battery>,
): Bank {
  const configured = new Set<string>();
  for (const ref of notAggregated) {
    const id = resolution.idOf(ref);
    if (id !== null) configured.add(id);
  }
  const bank = new Map<string, Battery>();
  for (const [id, battery] of resolution.view.bank) {
    // Our virtual batteries as read back from the bus are replaced by the ones computed here.
    const skipped = id === ownName || configured.has(id) || virtuals.has(id) || resolution.aggregates(id, ownName);
    if (!skipped) bank.set(id, battery);
  }
  // A battery another service on the bus (an aggregator, a virtual battery) already holds would count twice.
  const ids = [...bank.keys()];
  for (const id of ids) if (ids.some((other) => other !== id && resolution.aggregates(other, id))) bank.delete(id);
  // A virtual battery is in the bank while one of its members is on the bus: without any it is not a battery.
  for (const [id, battery] of virtuals) {
    if (!configured.has(id) && resolution.members(virtualMembers.get(id)!).length > 0) bank.set(id, battery);
  }
  return bank;
}

/** Applies primary and auxiliary precedence to an output path, when a service is configured for it. */
function precedenceOf(
  bank$: Observable<Bank>,
  primary: readonly SelectedService[],
  auxiliary: readonly SelectedService[],
  resolution$: Observable<Resolution>,
): (output: OutputPath) => OutputPath {
  const primaryMerger = mergedBattery('primaryServices', primary, resolution$);
  const auxiliaryMerger = mergedBattery('auxiliaryServices', auxiliary, resolution$);
  // An output precedence leaves alone is passed on as it is: limit outputs carry their explanations.
  return (output) => {
    const { path, value$ } = output;
    if (OWN_COMPUTATION.has(path)) return output;
    const hasPrimary = refsForPath(primary, path).length > 0;
    const hasAuxiliary = refsForPath(auxiliary, path).length > 0;
    if (!hasPrimary && !hasAuxiliary) return output;
    return {
      path,
      value$: precedence(
        {
          aggregate$: value$,
          ...(hasPrimary && { primary$: primaryMerger.value$(path) }),
          ...(hasAuxiliary && { auxiliary$: auxiliaryMerger.value$(path), aggregateHasInput$: bank$.pipe(anyValid(path)) }),
        },
        ruleFor(path),
      ),
    };
  };
}

/**
 * The aggregate's outputs plus every path a primary or auxiliary service is configured for by name that the
 * aggregate does not publish (`{"...dev1": ["/Info/Location"]}`): those carry the services' values alone.
 * Alarm paths are left to the aggregate's own discovery.
 */
function withNamedPaths(outputs$: Observable<OutputPath>, services: readonly SelectedService[], withPrecedence: (output: OutputPath) => OutputPath): Observable<OutputPath> {
  const named = new Set(services.flatMap((s) => (s.paths === null ? [] : [...s.paths])).filter((path) => !path.startsWith(ALARM_PREFIX)));
  if (named.size === 0) return outputs$;
  return defer(() => {
    const published = new Set<string>();
    // The aggregate's fixed paths come synchronously on subscription, so by the time `merge` reaches the
    // named paths, those the aggregate publishes are known.
    return merge(
      outputs$.pipe(tap((output) => published.add(output.path))),
      defer(() => from([...named].filter((path) => !published.has(path)).map((path) => withPrecedence({ path, value$: of(null) })))),
    );
  });
}

/** Safety paths combine conservatively; every other path by the reference's first-valid rule. */
function ruleFor(path: string): PrecedenceRule {
  if (path === '/Io/AllowToCharge' || path === '/Io/AllowToDischarge') return blockWinsRule;
  if (path.startsWith(ALARM_PREFIX)) return worstRule;
  return firstValidRule;
}

/**
 * One computation of an output for two readers (the publisher and the own SoC counter). A limit keeps its
 * explanation (the log reads it instead of `value$`), so both of its streams come from one shared explanation.
 */
function sharedOutput(output: OutputPath): OutputPath {
  if (!isExplained(output)) return { path: output.path, value$: output.value$.pipe(shareLatest()) };
  const explanation$ = output.explanation$.pipe(shareLatest());
  const shared: ExplainedOutputPath = { ...output, explanation$, value$: explanation$.pipe(map((e) => e.value)) };
  return shared;
}

/** `/Capacity` when `capacity` is configured: what is left of it at the published SoC. */
function capacityLeft(capacity: number, soc$: Observable<Value>): Observable<Value> {
  return soc$.pipe(map((soc) => (typeof soc === 'number' ? (capacity * soc) / 100 : null)));
}

/** Tells `report` each time a `name:` reference starts or stops naming a service. */
function nameReporter(refs: readonly ServiceRef[], report?: (ref: string, service: string | null) => void): (resolution: Resolution) => void {
  const named = [...new Set(refs.filter((ref) => customNameOf(ref) !== null))];
  const last = new Map<string, string | null>();
  return (resolution) => {
    if (!report) return;
    for (const ref of named) {
      const id = resolution.idOf(ref);
      if (last.has(ref) && last.get(ref) === id) continue;
      last.set(ref, id);
      report(ref, id);
    }
  };
}
