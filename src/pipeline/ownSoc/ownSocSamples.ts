import { combineLatest, map, type Observable } from 'rxjs';
import type { Bank } from '../../battery/bank';
import type { Value } from '../../battery/value';
import { chargeModeSummary } from '../aggregate/chargeModeSummary';
import { meanOfValid } from '../aggregate/meanOfValid';
import { sumOfValid } from '../aggregate/sumOfValid';
import { weightedSoc } from '../aggregate/weightedSoc';
import type { OwnSocOutput, OwnSocSample } from './ownSocCounter';

/** Turns the bank's samples into the counter's outputs; loaded by the app only when `ownSoc` is configured. */
export type OwnSocCounter = (sample$: Observable<OwnSocSample>) => Observable<OwnSocOutput>;

/**
 * What the own counter reads of the bank, as one sample per change: bank current and installed capacity
 * (sums), voltage (mean), the published charge voltage limit, whether every battery floats (the bank's charge
 * mode summary is `Float` only then), and the capacity-weighted SoC it starts from.
 */
export function ownSocSamples(bank$: Observable<Bank>, chargeVoltage$: Observable<Value>): Observable<OwnSocSample> {
  return combineLatest([
    bank$.pipe(sumOfValid('/Dc/0/Current')),
    bank$.pipe(meanOfValid('/Dc/0/Voltage')),
    chargeVoltage$,
    bank$.pipe(chargeModeSummary()),
    bank$.pipe(sumOfValid('/InstalledCapacity')),
    bank$.pipe(weightedSoc()),
  ]).pipe(
    map(([current, voltage, chargeVoltage, mode, capacity, batterySoc]) => ({
      current,
      voltage,
      chargeVoltage,
      allFloat: mode === 'Float',
      capacity,
      batterySoc,
    })),
  );
}
