import { asyncScheduler } from 'rxjs';
import type { OwnSoc } from '../config/defaults';
import { countOwnSoc } from '../pipeline/ownSoc/ownSocCounter';
import type { OwnSocCounter } from '../pipeline/ownSoc/ownSocSamples';

/**
 * The own SoC counter on the daemon's clock. Imported dynamically by the aggregator only when `ownSoc` is
 * configured, so a daemon without it loads none of this.
 */
export function ownSocCounter(options: OwnSoc): OwnSocCounter {
  return (sample$) => countOwnSoc(sample$, options, asyncScheduler);
}
