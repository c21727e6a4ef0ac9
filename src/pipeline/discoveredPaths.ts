import { distinct, filter, mergeMap, takeUntil, type OperatorFunction } from 'rxjs';
import type { Bank, Battery } from '../battery/bank';
import { batteriesJoining } from './batteriesJoining';

/**
 * Every distinct path under `prefix` that any battery of the bank has published, once each, in the order
 * first seen. A battery's paths stop being followed when it leaves; paths already emitted stay emitted.
 *
 * @example
 * // a battery publishing /Alarms/FuseBlown -> emits '/Alarms/FuseBlown' once
 * bank$.pipe(discoveredPaths('/Alarms/'))
 */
export function discoveredPaths(prefix: string): OperatorFunction<Bank, string> {
  return (bank$) =>
    bank$.pipe(
      batteriesJoining(),
      mergeMap((battery: Battery) =>
        battery.paths$.pipe(
          filter((path) => path.startsWith(prefix)),
          takeUntil(bank$.pipe(filter((bank) => bank.get(battery.id) !== battery))),
        ),
      ),
      distinct(),
    );
}
