import { Observable } from 'rxjs';
import { BusConnection } from '../bus/busConnection';
import type { BusValue } from '../bus/busValue';
import type { RemoteService } from '../bus/remoteService';
import { watchServices } from '../bus/serviceWatcher';

/** The latest values of a few paths of one service. */
export interface ServiceSnapshot {
  readonly name: string;
  readonly values: ReadonlyMap<string, BusValue>;
}

/**
 * What a client sees of every service matching `select`: for display (the demo's table), not for
 * aggregation. Emits the full list, sorted by name, whenever a service comes, goes or changes a path.
 */
export function serviceSnapshots(connection: BusConnection, select: (name: string) => boolean, paths: readonly string[]): Observable<ServiceSnapshot[]> {
  return new Observable<ServiceSnapshot[]>((subscriber) => {
    const services = new Map<string, RemoteService>();
    const emit = () =>
      subscriber.next(
        [...services.values()]
          .sort((a, b) => (a.name < b.name ? -1 : 1))
          .map((service) => ({ name: service.name, values: new Map(paths.map((path) => [path, service.value(path)])) })),
      );
    const changes = new Map<string, () => void>();
    const subscription = watchServices(connection, { select }).subscribe({
      next: (event) => {
        if (event.kind === 'added') {
          services.set(event.service.name, event.service);
          const inner = paths.map((path) => event.service.value$(path).subscribe(() => emit()));
          changes.set(event.service.name, () => inner.forEach((s) => s.unsubscribe()));
        } else if (event.kind === 'removed') {
          services.delete(event.service.name);
          changes.get(event.service.name)?.();
          changes.delete(event.service.name);
        }
        emit();
      },
      error: (err: unknown) => subscriber.error(err),
    });
    return () => {
      subscription.unsubscribe();
      for (const off of changes.values()) off();
    };
  });
}
