import { Subscription, type Observable } from 'rxjs';
import type { BusItemService } from '../bus/busItemService';
import type { OutputPath } from '../pipeline/outputPath';
import { createLogger } from '../log/logger';
import { itemDefinition } from './itemDefinition';

const log = createLogger('output');

/**
 * The sink: defines each output path on the service and writes every value the pipeline emits. The
 * service coalesces the writes of one tick into one ItemsChanged and skips unchanged values.
 */
export function publishOutputs(service: BusItemService, outputs$: Observable<OutputPath>): Subscription {
  const subscription = new Subscription();
  subscription.add(
    outputs$.subscribe(({ path, value$ }) => {
      let defined = false;
      subscription.add(
        value$.subscribe((value) => {
          if (log.debugEnabled) log.debug('%s = %j', path, value); // a line per change: DEBUG only
          if (!defined) {
            service.define(path, itemDefinition(path, value));
            defined = true;
          } else {
            service.update(path, value);
          }
        }),
      );
    }),
  );
  return subscription;
}
