import type { ServiceRef, ServiceSelection } from '../../config/codec';

/** One service of a selection and the paths taken from it (`null` = every path). */
export interface SelectedService {
  readonly ref: ServiceRef;
  readonly paths: ReadonlySet<string> | null;
}

/**
 * A selection as the config writes it (a list = all paths, a map service -> paths with `[]` = all), as
 * entries in config order: the order decides which service wins a path.
 *
 * @example
 * selectedServices({ 'com.victronenergy.battery.ttyS5': ['/Soc'], 'name:BMS': [] })
 * // -> [{ ref: '...ttyS5', paths: Set {'/Soc'} }, { ref: 'name:BMS', paths: null }]
 */
export function selectedServices(selection: ServiceSelection): SelectedService[] {
  if (Array.isArray(selection)) return selection.map((ref) => ({ ref, paths: null }));
  return Object.entries(selection).map(([ref, paths]) => ({
    ref: ref as ServiceRef,
    paths: paths.length === 0 ? null : new Set<string>(paths),
  }));
}

/** The refs that supply `path`, in config order. */
export function refsForPath(services: readonly SelectedService[], path: string): ServiceRef[] {
  return services.filter((s) => s.paths === null || s.paths.has(path)).map((s) => s.ref);
}

/** A `name:My Battery` reference's custom name, or null for a plain service name. */
export function customNameOf(ref: ServiceRef): string | null {
  return ref.startsWith('name:') ? ref.slice('name:'.length) : null;
}
