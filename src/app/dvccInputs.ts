import { of, type Observable } from 'rxjs';
import type { BusConnection } from '../bus/busConnection';
import { DVCC_OFF, type DvccState } from '../battery/dvcc';

/**
 * DVCC's state as read from `com.victronenergy.system` and `com.victronenergy.settings`.
 * Until the charge-limit issue lands, DVCC counts as off.
 */
export function watchDvcc(_connection: BusConnection): Observable<DvccState> {
  return of(DVCC_OFF);
}
