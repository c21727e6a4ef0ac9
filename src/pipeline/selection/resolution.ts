import type { Bank, Battery } from '../../battery/bank';
import type { ServiceRef } from '../../config/codec';
import type { BankView } from './followPaths';
import { customNameOf, type SelectedService } from './serviceSelection';

/** The paths every battery is followed on to resolve config references: see `followPaths`. */
export const FOLLOWED_PATHS = ['/CustomName', '/System/Batteries'] as const;
const CUSTOM_NAME = 0;
const BATTERIES = 1;

/**
 * What the config's service references mean at one moment: `name:` references resolved through each
 * battery's `/CustomName`, our own virtual batteries in place of their copies read back from the bus.
 */
export class Resolution {
  private readonly byCustomName = new Map<string, string>();

  constructor(
    readonly view: BankView,
    private readonly virtuals: ReadonlyMap<string, Battery>,
  ) {
    // Bank order is arrival order; sorting makes a name two batteries share resolve the same way every time.
    for (const id of [...view.bank.keys()].sort()) {
      const name = view.value(id, CUSTOM_NAME);
      if (typeof name === 'string' && name !== '' && !this.byCustomName.has(name)) this.byCustomName.set(name, id);
    }
  }

  /** The service a reference names now; null for a `name:` no battery carries (yet). */
  idOf(ref: ServiceRef): string | null {
    const name = customNameOf(ref);
    return name === null ? ref : (this.byCustomName.get(name) ?? null);
  }

  /** The battery a reference names, when it is on the bus (or is one of our virtual batteries). */
  battery(ref: ServiceRef): Battery | undefined {
    const id = this.idOf(ref);
    if (id === null) return undefined;
    return this.virtuals.get(id) ?? this.view.bank.get(id);
  }

  /** The batteries present among `refs`, in their order, each once. */
  batteries(refs: readonly ServiceRef[]): Battery[] {
    const found: Battery[] = [];
    for (const ref of refs) {
      const battery = this.battery(ref);
      if (battery && !found.includes(battery)) found.push(battery);
    }
    return found;
  }

  /** The present members of a selection, in config order, with the paths each supplies. */
  members(services: readonly SelectedService[]): Array<{ readonly battery: Battery; readonly paths: ReadonlySet<string> | null }> {
    const found: Array<{ battery: Battery; paths: ReadonlySet<string> | null }> = [];
    for (const { ref, paths } of services) {
      const battery = this.battery(ref);
      if (battery && !this.virtuals.has(battery.id)) found.push({ battery, paths });
    }
    return found;
  }

  /** True when a battery's `/System/Batteries` lists `service`: it is an aggregator built from it. */
  aggregates(id: string, service: string): boolean {
    const list = this.view.value(id, BATTERIES);
    return typeof list === 'string' && list.includes(JSON.stringify(service));
  }
}

/** Two lists holding the same items in the same order. */
export function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((item, i) => item === b[i]);
}

/** Two banks with the same batteries (same objects). */
export function sameBank(a: Bank, b: Bank): boolean {
  if (a.size !== b.size) return false;
  for (const [id, battery] of a) if (b.get(id) !== battery) return false;
  return true;
}
