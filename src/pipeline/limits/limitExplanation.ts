import type { ChargeVoltageExplanation } from './chargeVoltageLimit';
import type { ChargeCurrentExplanation, CurrentLimitExplanation } from './currentLimit';

/** A published limit's value and the inputs that produced it: for the log line and the reason path. */
export type LimitExplanation =
  | ({ readonly path: '/Info/MaxChargeCurrent' } & ChargeCurrentExplanation)
  | ({ readonly path: '/Info/MaxDischargeCurrent' } & CurrentLimitExplanation)
  | ({ readonly path: '/Info/MaxChargeVoltage' } & ChargeVoltageExplanation);
