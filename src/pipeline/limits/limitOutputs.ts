import type { Observable } from 'rxjs';
import type { Bank } from '../../battery/bank';
import type { DvccState } from '../../battery/dvcc';
import type { Config } from '../../config/defaults';
import type { OutputPath } from '../aggregateBank';
import { chargeVoltageLimit } from './chargeVoltageLimit';
import { currentLimit } from './currentLimit';

/**
 * The bank's charge limits: `/Info/MaxChargeCurrent`, `/Info/MaxDischargeCurrent`, `/Info/MaxChargeVoltage`.
 * For now the count method and the smallest CVL; `config` and `dvcc$` carry what the full rules need.
 */
export function limitOutputs(bank$: Observable<Bank>, _dvcc$: Observable<DvccState>, _config: Config): OutputPath[] {
  return [
    { path: '/Info/MaxChargeCurrent', value$: bank$.pipe(currentLimit('/Info/MaxChargeCurrent', '/Io/AllowToCharge')) },
    { path: '/Info/MaxDischargeCurrent', value$: bank$.pipe(currentLimit('/Info/MaxDischargeCurrent', '/Io/AllowToDischarge')) },
    { path: '/Info/MaxChargeVoltage', value$: bank$.pipe(chargeVoltageLimit()) },
  ];
}
