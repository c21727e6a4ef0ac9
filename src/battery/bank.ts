import type { Observable } from 'rxjs';
import type { Value } from './value';

/** One battery as the pipelines see it: an id and an Observable per path. */
export interface Battery {
  /** Its service name, e.g. `com.victronenergy.battery.ttyUSB0`; unique within a bank. */
  readonly id: string;
  /** The path's current value, then every change; `null` while invalid or unpublished. */
  value$(path: string): Observable<Value>;
  /** Every path the battery has published, then each new one. */
  readonly paths$: Observable<string>;
}

/**
 * The batteries being aggregated at one moment, by id. A bank stream emits a new map whenever a battery
 * joins, leaves or is replaced (same id, new Battery object: it restarted).
 */
export type Bank = ReadonlyMap<string, Battery>;

export const EMPTY_BANK: Bank = new Map();

/** The part of a service name shown to people: `com.victronenergy.battery.ttyS5` -> `ttyS5`. */
export function shortName(id: string): string {
  const prefix = 'com.victronenergy.battery.';
  return id.startsWith(prefix) ? id.slice(prefix.length) : id;
}
