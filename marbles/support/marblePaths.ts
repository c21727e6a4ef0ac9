import { ReplaySubject } from 'rxjs';
import type { RunHelpers } from 'rxjs/testing';
import type { Battery } from '../../src/battery/bank';

/**
 * The same battery, publishing new paths over time: each marble letter names a path that appears in that
 * frame. Like a battery read from the bus, `paths$` replays every path published so far to late
 * subscribers, then follows each new one.
 *
 * @example
 * withPublishedPaths(helpers, marbleBattery(helpers, id, {}), 'f--c', { f: '/Alarms/FuseBlown', c: '/Alarms/Contactor' })
 */
export function withPublishedPaths({ hot }: RunHelpers, battery: Battery, marble: string, paths: Record<string, string>): Battery {
  const published = new ReplaySubject<string>();
  hot<string>(marble, paths).subscribe((path) => published.next(path));
  return { id: battery.id, value$: (path) => battery.value$(path), paths$: published.asObservable() };
}
