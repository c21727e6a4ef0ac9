import type { Observable } from 'rxjs';
import type { OutputPath } from '../outputPath';
import type { ChargeVoltageExplanation } from './chargeVoltageLimit';
import type { ChargeCurrentExplanation, CurrentLimitExplanation } from './currentLimit';

export type LimitExplanation =
  | ({ readonly path: '/Info/MaxChargeCurrent' } & ChargeCurrentExplanation)
  | ({ readonly path: '/Info/MaxDischargeCurrent' } & CurrentLimitExplanation)
  | ({ readonly path: '/Info/MaxChargeVoltage' } & ChargeVoltageExplanation);

/** A limit output: its values, and alongside each one the inputs that produced it, for the app to log. */
export interface ExplainedOutputPath extends OutputPath {
  /** One explanation per published value: emitted only when the value changes. */
  readonly explanation$: Observable<LimitExplanation>;
  /** A guard's changes of state (what it did and why), once each, to log as warnings. */
  readonly notice$?: Observable<string>;
}

export function isExplained(output: OutputPath): output is ExplainedOutputPath {
  return 'explanation$' in output;
}
