import { TestScheduler } from 'rxjs/testing';
import type { Value } from '../battery/value';
import type { Config } from '../config/defaults';
import { aggregatorPipeline } from '../pipeline/aggregatorPipeline';
import { countOwnSoc } from '../pipeline/ownSoc/ownSocCounter';
import type { OwnSocCounter } from '../pipeline/ownSoc/ownSocSamples';
import type { Recording } from './format';
import { replayInputs } from './virtualReplay';

/** One value the pipeline published: when (ms since the recording's start), where, what. */
export interface OutputChange {
  readonly t: number;
  readonly service: string;
  readonly path: string;
  readonly value: Value;
}

/**
 * Runs the real `aggregatorPipeline` over a recording in virtual time and returns what it publishes as
 * the bus would carry it: each path's first value, then each change. Like the published service, the
 * values of one instant are coalesced: a path that goes A -> B -> A within it sends nothing.
 */
export function replayThroughPipeline(recording: Recording, config: Config): OutputChange[] {
  const changes: OutputChange[] = [];
  const sent = new Map<string, Value>();
  let instant = new Map<string, OutputChange>();
  let instantT = 0;
  const endInstant = () => {
    for (const [key, change] of instant) {
      if (sent.has(key) && sent.get(key) === change.value) continue;
      sent.set(key, change.value);
      changes.push(change);
    }
    instant = new Map();
  };
  const scheduler = new TestScheduler(() => undefined); // no marble expectations: it only keeps virtual time
  scheduler.run(() => {
    const ownSoc = config.ownSoc === null ? undefined : (sample$: Parameters<OwnSocCounter>[0]) => countOwnSoc(sample$, config.ownSoc!, scheduler);
    for (const published of aggregatorPipeline({ ...replayInputs(recording, scheduler), ownSoc }, config)) {
      published.outputs$.subscribe(({ path, value$ }) => {
        const key = `${published.name}\u0000${path}`;
        value$.subscribe((value) => {
          const t = scheduler.now();
          if (t !== instantT) endInstant();
          instantT = t;
          instant.delete(key); // re-inserted: a path is placed where its final value of the instant came
          instant.set(key, { t, service: published.name, path, value });
        });
      });
    }
  });
  endInstant();
  return changes;
}
