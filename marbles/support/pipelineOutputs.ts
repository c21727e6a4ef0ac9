import { of, type Observable } from 'rxjs';
import { aggregatorPipeline, type PipelineInputs, type PublishedService } from '../../src/pipeline/aggregatorPipeline';
import { DVCC_OFF } from '../../src/battery/dvcc';
import { testConfig } from '../../test/helpers/config';
import type { Bank } from '../../src/battery/bank';
import type { Value } from '../../src/battery/value';

/** The services of the whole pipeline over a bank, for a config file's content (validated as the daemon does). */
export function pipelineOver(batteries$: Observable<Bank>, file: object, extra: Partial<PipelineInputs> = {}): PublishedService[] {
  return aggregatorPipeline({ batteries$, dvcc$: of(DVCC_OFF), ...extra }, testConfig(file));
}

/** The value stream of every output path a published service emits on subscription, by path. */
export function outputsOf(service: PublishedService): Map<string, Observable<Value>> {
  const outputs = new Map<string, Observable<Value>>();
  service.outputs$.subscribe((output) => outputs.set(output.path, output.value$)).unsubscribe();
  return outputs;
}

/** One output path's value stream; fails the test when the service does not publish it. */
export function outputOf(service: PublishedService, path: string): Observable<Value> {
  const value$ = outputsOf(service).get(path);
  if (!value$) throw new Error(`${service.name} publishes no ${path}`);
  return value$;
}
