import { distinct, distinctUntilChanged, filter, map, merge, switchMap, type Observable } from 'rxjs';
import { shareLatest } from '../../rx/shareLatest';
import type { Battery } from '../../battery/bank';
import type { Value } from '../../battery/value';
import { firstValid } from './firstValid';
import { sameItems, type Resolution } from './resolution';
import { refsForPath, type SelectedService } from './serviceSelection';

/**
 * Several services merged into one battery, path by path: each path is the first valid value among the
 * services configured for it, in config order (`firstValid`). A service that vanishes stops contributing
 * and contributes again when it returns; a `name:` member joins when its name resolves.
 *
 * Used for a virtual battery (its members) and for the primary and auxiliary mergers.
 *
 * @example
 * // virtual1 = { ttyS6: ['/Soc'], ttyUSB0: [] }: /Soc from ttyS6 while valid, else ttyUSB0; the rest from ttyUSB0
 * mergedBattery('com.victronenergy.battery.virtual1', selectedServices(config.virtualBatteries[...]), resolution$)
 */
export function mergedBattery(id: string, services: readonly SelectedService[], resolution$: Observable<Resolution>): Battery {
  const byPath = new Map<string, Observable<Value>>();
  const members$ = resolution$.pipe(
    map((resolution) => resolution.members(services)),
    distinctUntilChanged((a, b) => sameItems(a.map((m) => m.battery), b.map((m) => m.battery))),
  );
  return {
    id,
    value$(path) {
      let value$ = byPath.get(path);
      if (!value$) {
        const refs = refsForPath(services, path);
        value$ = resolution$.pipe(
          map((resolution) => resolution.batteries(refs)),
          distinctUntilChanged(sameItems),
          switchMap((batteries) => firstValid(batteries, path)),
          distinctUntilChanged(),
          // Several folds read the same path (a cell voltage and its cell id): one merge serves them all.
          shareLatest(),
        );
        byPath.set(path, value$);
      }
      return value$;
    },
    paths$: members$.pipe(
      switchMap((members) =>
        merge(...members.map(({ battery, paths }) => (paths === null ? battery.paths$ : battery.paths$.pipe(filter((p) => paths.has(p)))))),
      ),
      distinct(),
    ),
  };
}

/** The ids of the present members of a merged battery, as `/System/Batteries` lists them. */
export function memberList(services: readonly SelectedService[], resolution$: Observable<Resolution>): Observable<Value> {
  return resolution$.pipe(
    map((resolution) => JSON.stringify(resolution.members(services).map((m) => m.battery.id))),
    distinctUntilChanged(),
  );
}
