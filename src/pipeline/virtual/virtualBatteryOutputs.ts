import { concat, distinct, filter, from, map, type Observable } from 'rxjs';
import type { Battery } from '../../battery/bank';
import { PATH_INFO } from '../../battery/paths';
import type { Value } from '../../battery/value';
import type { OutputPath } from '../outputPath';

/** Paths every published service defines for itself; a member's are not copied. */
const OWN_PATHS = new Set(['/CustomName', '/ProductName', '/ProductId', '/DeviceInstance', '/Connected', '/FirmwareVersion', '/HardwareVersion', '/Serial', '/LogLevel', '/System/Batteries']);
const isCopied = (path: string) => !OWN_PATHS.has(path) && !path.startsWith('/Mgmt/');
const CATALOGUED = Object.keys(PATH_INFO).filter(isCopied);

/**
 * Every path a virtual battery publishes: each catalogued battery path at once, any other path a member
 * publishes (a vendor's alarm, `/Info/Location`) when first seen, each the merged value of its members;
 * plus `/System/Batteries`, the members present.
 *
 * @example
 * // a BMS and a shunt in series: /Soc from the shunt, cell voltages from the BMS
 * virtualBatteryOutputs(mergedBattery(id, members, resolution$), memberList(members, resolution$))
 */
export function virtualBatteryOutputs(battery: Battery, members$: Observable<Value>): Observable<OutputPath> {
  const catalogued = new Set(CATALOGUED);
  const output = (path: string): OutputPath => ({ path, value$: battery.value$(path) });
  return concat(
    from([...CATALOGUED.map(output), { path: '/System/Batteries', value$: members$ }]),
    battery.paths$.pipe(
      filter((path) => isCopied(path) && !catalogued.has(path)),
      distinct(),
      map(output),
    ),
  );
}
