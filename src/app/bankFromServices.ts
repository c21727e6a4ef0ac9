import { distinctUntilChanged, scan, startWith, type OperatorFunction } from 'rxjs';
import type { RemoteService } from '../bus/remoteService';
import type { ServiceEvent } from '../bus/serviceWatcher';
import { EMPTY_BANK, type Bank, type Battery } from '../battery/bank';

/**
 * Every service the watcher follows, as batteries by name: a service joins when it appears and leaves
 * when it vanishes. Emits the empty bank first, then a new map per change.
 */
export function bankFromServices(toBattery: (service: RemoteService) => Battery): OperatorFunction<ServiceEvent, Bank> {
  return (events$) =>
    events$.pipe(
      scan((bank: Bank, event: ServiceEvent): Bank => {
        if (event.kind === 'ready') return bank;
        const next = new Map(bank);
        if (event.kind === 'added') next.set(event.service.name, toBattery(event.service));
        else if (!next.delete(event.service.name)) return bank;
        return next;
      }, EMPTY_BANK),
      startWith(EMPTY_BANK),
      distinctUntilChanged(),
    );
}
