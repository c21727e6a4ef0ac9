import type { Value } from '../battery/value';
import type { Config } from '../config/defaults';
import { customNameOf, selectedServices, type SelectedService } from '../pipeline/selection/serviceSelection';

/** A service's items as read: path -> value (`null` invalid). */
export type Items = ReadonlyMap<string, Value>;

export interface LimitStatus {
  readonly value: number | null;
  readonly reason: string | null;
}

/** What `status` and the status page show: one document, also `status --json`. */
export interface StatusSnapshot {
  readonly service: string;
  readonly bank: {
    readonly voltage: number | null;
    readonly current: number | null;
    readonly power: number | null;
    readonly soc: number | null;
    readonly ccl: LimitStatus;
    readonly dcl: LimitStatus;
    readonly cvl: LimitStatus;
  };
  readonly batteries: readonly BatteryStatus[];
}

export interface BatteryStatus {
  readonly service: string;
  readonly name: string;
  /** e.g. `aggregated`, `primary (/Soc)`, `auxiliary`, `excluded`, `left out: mixed voltage: 25.6 V, the bank 51.2 V`, `member of ...virtual1`, `virtual`, `not aggregated`. */
  readonly role: string;
  readonly voltage: number | null;
  readonly current: number | null;
  readonly soc: number | null;
  readonly ccl: number | null;
  readonly dcl: number | null;
  readonly cvl: number | null;
  /** Its current / the aggregated batteries' total current; aggregated batteries only. */
  readonly measuredShare: number | null;
  /** What the split assumes (`/System/CurrentShares`); aggregated batteries only. */
  readonly assumedShare: number | null;
  readonly resistance: number | null;
  readonly emf: number | null;
}

const num = (items: Items, path: string): number | null => {
  const v = items.get(path);
  return typeof v === 'number' ? v : null;
};
const text = (items: Items, path: string): string | null => {
  const v = items.get(path);
  return typeof v === 'string' ? v : null;
};

/** A JSON list published as text (`/System/Batteries`, the estimates); `[]` when absent or malformed. */
function jsonList(items: Items, path: string): unknown[] {
  const raw = text(items, path);
  if (raw === null) return [];
  try {
    const parsed: unknown = JSON.parse(raw);
    return Array.isArray(parsed) ? parsed : [];
  } catch {
    return [];
  }
}

/** `/System/ExcludedBatteries`: service -> why a guard leaves it out; empty when absent or malformed. */
function jsonReasons(items: Items, path: string): ReadonlyMap<string, string> {
  const raw = text(items, path);
  if (raw === null) return new Map();
  try {
    const parsed: unknown = JSON.parse(raw);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return new Map();
    return new Map(Object.entries(parsed).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
  } catch {
    return new Map();
  }
}

const numberAt = (list: unknown[], i: number): number | null => (typeof list[i] === 'number' ? (list[i] as number) : null);

/**
 * The snapshot from the aggregate's items and every battery service's, with the roles the config gives
 * them. Pure: the `status` command feeds it what it read over D-Bus, the status page what the daemon holds.
 */
export function statusSnapshot(config: Config, aggregate: Items, batteries: ReadonlyMap<string, Items>): StatusSnapshot {
  const aggregated = jsonList(aggregate, '/System/Batteries').filter((s): s is string => typeof s === 'string');
  const resistances = jsonList(aggregate, '/System/InternalResistances');
  const emfs = jsonList(aggregate, '/System/EMFs');
  const shares = jsonList(aggregate, '/System/CurrentShares');
  const leftOut = jsonReasons(aggregate, '/System/ExcludedBatteries');
  let total = 0;
  for (const service of aggregated) total += num(batteries.get(service) ?? new Map(), '/Dc/0/Current') ?? 0;
  const roles = roleOf(config, batteries);
  const services = [...new Set([...aggregated, ...[...batteries.keys()].filter((s) => s !== config.serviceName)])].sort();
  return {
    service: config.serviceName,
    bank: {
      voltage: num(aggregate, '/Dc/0/Voltage'),
      current: num(aggregate, '/Dc/0/Current'),
      power: num(aggregate, '/Dc/0/Power'),
      soc: num(aggregate, '/Soc'),
      ccl: { value: num(aggregate, '/Info/MaxChargeCurrent'), reason: text(aggregate, '/Info/ChargeLimitation') },
      dcl: { value: num(aggregate, '/Info/MaxDischargeCurrent'), reason: text(aggregate, '/Info/DischargeLimitation') },
      cvl: { value: num(aggregate, '/Info/MaxChargeVoltage'), reason: text(aggregate, '/Info/ChargeVoltageLimitation') },
    },
    batteries: services.map((service): BatteryStatus => {
      const items = batteries.get(service) ?? new Map<string, Value>();
      const at = aggregated.indexOf(service);
      const current = num(items, '/Dc/0/Current');
      return {
        service,
        name: text(items, '/CustomName') || text(items, '/ProductName') || service.replace(/^com\.victronenergy\.battery\./, ''),
        role: at >= 0 ? aggregatedRole(config, service, batteries.has(service)) : leftOut.has(service) ? `left out: ${leftOut.get(service)!}` : (roles(service) ?? 'not aggregated'),
        voltage: num(items, '/Dc/0/Voltage'),
        current,
        soc: num(items, '/Soc'),
        ccl: num(items, '/Info/MaxChargeCurrent'),
        dcl: num(items, '/Info/MaxDischargeCurrent'),
        cvl: num(items, '/Info/MaxChargeVoltage'),
        measuredShare: at >= 0 && current !== null && total !== 0 ? current / total : null,
        assumedShare: at >= 0 ? numberAt(shares, at) : null,
        resistance: at >= 0 ? numberAt(resistances, at) : null,
        emf: at >= 0 ? numberAt(emfs, at) : null,
      };
    }),
  };
}

/**
 * An aggregated battery's role. One that has left the bus is still aggregated for `reconnectTimeout`, with
 * its last values (holdVanished.ts): shown as such, not as a nameless battery with no readings.
 */
function aggregatedRole(config: Config, service: string, onBus: boolean): string {
  const role = service in config.virtualBatteries ? 'aggregated (virtual)' : 'aggregated';
  return onBus ? role : `${role}, off the bus: its last values held for reconnectTimeout (${config.reconnectTimeout} s)`;
}

/** A battery's role by the config, for one that is not aggregated; `null` when the config does not name it. */
function roleOf(config: Config, batteries: ReadonlyMap<string, Items>): (service: string) => string | null {
  const matches = (ref: string, service: string) => {
    if (ref === service) return true;
    const name = customNameOf(ref as SelectedService['ref']);
    return name !== null && name === text(batteries.get(service) ?? new Map(), '/CustomName');
  };
  const pathsOf = (selected: SelectedService[], service: string): string | null => {
    const found = selected.find((s) => matches(s.ref, service));
    if (found === undefined) return null;
    return found.paths === null ? 'all paths' : [...found.paths].join(', ');
  };
  const primary = selectedServices(config.primaryServices);
  const auxiliary = selectedServices(config.auxiliaryServices);
  return (service) => {
    const asPrimary = pathsOf(primary, service);
    if (asPrimary !== null) return `primary (${asPrimary})`;
    const asAuxiliary = pathsOf(auxiliary, service);
    if (asAuxiliary !== null) return `auxiliary (${asAuxiliary})`;
    if (config.excludedServices.some((ref) => matches(ref, service))) return 'excluded';
    for (const [virtual, selection] of Object.entries(config.virtualBatteries)) {
      if (selectedServices(selection).some((s) => matches(s.ref, service))) return `member of ${virtual.replace(/^com\.victronenergy\.battery\./, '')}`;
    }
    return null;
  };
}
