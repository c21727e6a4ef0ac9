import { combineLatest, distinctUntilChanged, filter, map, of, scan, startWith, switchMap, type Observable } from 'rxjs';
import type { BusConnection } from '../bus/busConnection';
import type { BusValue } from '../bus/busValue';
import type { RemoteService } from '../bus/remoteService';
import { watchServices, type WatchProblem } from '../bus/serviceWatcher';
import {
  DVCC_OFF,
  DVCC_PATH,
  MAX_CHARGE_CURRENT_SETTING,
  MAX_CHARGE_VOLTAGE_SETTING,
  SETTINGS_SERVICE,
  SYSTEM_SERVICE,
  dvccState,
  sameDvccState,
  type DvccState,
} from '../battery/dvcc';


/**
 * DVCC's state as read from `com.victronenergy.system /Control/Dvcc` and the owner's limits in
 * `com.victronenergy.settings`, following both services as they come and go: an absent service means
 * DVCC off (or no limit). Starts with DVCC off, so the limits never wait for the GX's services.
 */
export function watchDvcc(connection: BusConnection, onProblem?: (problem: WatchProblem) => void): Observable<DvccState> {
  const isSource = (name: string) => name === SYSTEM_SERVICE || name === SETTINGS_SERVICE;
  return watchServices(connection, { select: isSource, ...(onProblem && { onProblem }) }).pipe(
    filter((event) => event.kind !== 'ready'),
    scan((present, event) => {
      const next = new Map(present);
      if (event.kind === 'added') next.set(event.service.name, event.service);
      else if (next.get(event.service.name) === event.service) next.delete(event.service.name);
      return next;
    }, new Map<string, RemoteService>()),
    switchMap((present) => {
      const value$ = (service: string, path: string): Observable<BusValue> => present.get(service)?.value$(path) ?? of(null);
      return combineLatest([
        value$(SYSTEM_SERVICE, DVCC_PATH),
        value$(SETTINGS_SERVICE, MAX_CHARGE_CURRENT_SETTING),
        value$(SETTINGS_SERVICE, MAX_CHARGE_VOLTAGE_SETTING),
      ]);
    }),
    map(([control, current, voltage]) => dvccState(control, current, voltage)),
    startWith(DVCC_OFF),
    distinctUntilChanged(sameDvccState),
  );
}
