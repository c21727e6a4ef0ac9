import { map, shareReplay, type Observable } from 'rxjs';
import type { Bank, Battery } from '../battery/bank';
import type { DvccState } from '../battery/dvcc';
import type { Config } from '../config/defaults';
import { aggregateBank, type OutputPath } from './aggregateBank';

/** Everything the pipeline reads from the bus, as Observables. */
export interface PipelineInputs {
  /** Every `com.victronenergy.battery.*` service seen, by name; replays its latest value to late subscribers. */
  readonly batteries$: Observable<Bank>;
  /** DVCC's state (`com.victronenergy.system` and `.settings`). */
  readonly dvcc$: Observable<DvccState>;
}

/** A service the pipeline wants published, and the stream of its paths. */
export interface PublishedService {
  readonly name: string;
  readonly outputs$: Observable<OutputPath>;
}

/**
 * The whole computation, from every battery service on the bus to every service we publish, with no I/O:
 * the app feeds it from the bus, tests and recordings feed it in virtual time.
 *
 * Our own service name is never aggregated, so several aggregators can share a bus.
 */
export function aggregatorPipeline(inputs: PipelineInputs, config: Config): PublishedService[] {
  const excluded = new Set<string>([config.serviceName, ...config.excludedServices]);
  const bank$ = inputs.batteries$.pipe(
    map((all) => withoutExcluded(all, excluded)),
    shareReplay({ bufferSize: 1, refCount: true }),
  );
  return [{ name: config.serviceName, outputs$: aggregateBank(bank$, { config, dvcc$: inputs.dvcc$ }) }];
}

/** The batteries minus the excluded ones; the same map when nothing is excluded, so folds see no change. */
function withoutExcluded(all: Bank, excluded: ReadonlySet<string>): Bank {
  let bank: Map<string, Battery> | null = null;
  for (const id of all.keys()) {
    if (!excluded.has(id)) continue;
    bank ??= new Map(all);
    bank.delete(id);
  }
  return bank ?? all;
}
