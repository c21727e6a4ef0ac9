import type { BusValue } from '../bus/busValue';
import type { Config } from '../config/defaults';
import type { HistorySample } from './history';
import { statusSnapshot, type Items, type StatusSnapshot } from './statusSnapshot';

/** The aggregate as the daemon publishes it: its own service's values. */
export interface PublishedValues {
  paths(): Iterable<string>;
  value(path: string): BusValue | undefined;
}

/** A battery as the daemon's watcher holds it: its latest values, no bus round trip. */
export interface WatchedValues {
  value(path: string): BusValue;
}

/** What the snapshot reads of each battery. */
const BATTERY_PATHS = ['/CustomName', '/ProductName', '/Dc/0/Voltage', '/Dc/0/Current', '/Soc', '/Info/MaxChargeCurrent', '/Info/MaxDischargeCurrent', '/Info/MaxChargeVoltage'];

/**
 * The `status` snapshot from what the daemon already holds: the aggregate's published values and the watched
 * batteries' latest values. Called at most once a second (and only with a page open) plus once per history sample.
 */
export function liveStatus(config: Config, aggregate: PublishedValues, batteries: ReadonlyMap<string, WatchedValues>): StatusSnapshot {
  const own = new Map<string, BusValue>();
  for (const path of aggregate.paths()) own.set(path, aggregate.value(path) ?? null);
  const others = new Map<string, Items>();
  for (const [name, service] of batteries) others.set(name, new Map(BATTERY_PATHS.map((path) => [path, service.value(path)])));
  return statusSnapshot(config, own, others);
}

/** The values the plots keep, from a snapshot. */
export function historySample(snapshot: StatusSnapshot): HistorySample {
  const b = snapshot.bank;
  return {
    bank: { voltage: b.voltage, current: b.current, soc: b.soc, ccl: b.ccl.value, dcl: b.dcl.value, cvl: b.cvl.value },
    batteries: new Map(snapshot.batteries.map((battery) => [battery.service, battery.current])),
  };
}
