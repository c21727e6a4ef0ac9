import type { Observable } from 'rxjs';
import type { OutputPath } from '../outputPath';
import type { LimitExplanation } from './limitExplanation';

export type { LimitExplanation };

/**
 * A limit output: its values, and alongside each one the inputs that produced it, for the app to log. Its
 * reason (`limitReason`) is published as a path of its own, `REASON_PATHS[path]`.
 */
export interface ExplainedOutputPath extends OutputPath {
  readonly path: LimitExplanation['path'];
  /** One explanation per published value: emitted only when the value changes. */
  readonly explanation$: Observable<LimitExplanation>;
  /** A guard's changes of state (what it did and why), once each, to log as warnings. */
  readonly notice$?: Observable<string>;
}

export function isExplained(output: OutputPath): output is ExplainedOutputPath {
  return 'explanation$' in output;
}
