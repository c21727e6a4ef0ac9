import { map, shareReplay, type Observable } from 'rxjs';
import type { Bank, Battery } from '../battery/bank';
import { aggregateBank, type OutputPath } from './aggregateBank';

/** What the pipeline needs to know of the configuration. */
export interface PipelineSettings {
  /** Our own bus name: never aggregated, so several aggregators can share a bus. */
  readonly serviceName: string;
  readonly excludedServices: readonly string[];
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
 * `batteries$` holds every `com.victronenergy.battery.*` service seen, by name, and must replay its latest
 * value to late subscribers.
 */
export function aggregatorPipeline(batteries$: Observable<Bank>, settings: PipelineSettings): PublishedService[] {
  const excluded = new Set([settings.serviceName, ...settings.excludedServices]);
  const bank$ = batteries$.pipe(
    map((all) => withoutExcluded(all, excluded)),
    shareReplay({ bufferSize: 1, refCount: true }),
  );
  return [{ name: settings.serviceName, outputs$: aggregateBank(bank$) }];
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
