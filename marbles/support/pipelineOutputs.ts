import type { Observable } from 'rxjs';
import type { PublishedService } from '../../src/pipeline/aggregatorPipeline';
import type { Value } from '../../src/battery/value';

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
