import type { Observable } from 'rxjs';
import type { Value } from '../battery/value';

/** One published path of a service and the stream of its values: what every pipeline hands the sink. */
export interface OutputPath {
  readonly path: string;
  readonly value$: Observable<Value>;
}
