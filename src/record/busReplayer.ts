import { BusConnection } from '../bus/busConnection';
import { BusItemService } from '../bus/busItemService';
import type { WireType } from '../bus/busValue';
import { itemDefinition } from '../app/itemDefinition';
import { kindOf } from '../battery/paths';
import { BATTERY_PREFIX } from '../app/aggregator';
import { batchesByTime, isAppeared, isVanished, type PathValues, type RecordedValue, type Recording, type StreamEvent } from './format';

export interface PlayOptions {
  /** Recorded time runs this many times faster; default 1 (real time). */
  readonly speed?: number;
  /** Starts again from the header's values after the last line, until stopped. */
  readonly loop?: boolean;
  /** Called at the start of each pass from the second on. */
  readonly onLoop?: (pass: number) => void;
}

export interface PublishOptions {
  /** A service that could not be published (its name is taken); its lines are skipped. */
  readonly onSkipped?: (service: string, reason: string) => void;
}

/** A recording published on a bus: the header's services are online; `play` runs the lines. */
export interface PublishedRecording {
  /** The names of the services online now. */
  online(): string[];
  /** Plays the lines at their times; resolves at the end (never, with `loop`, until `stop`). */
  play(options?: PlayOptions): Promise<void>;
  /** Ends playing and takes every service off the bus. */
  stop(): Promise<void>;
}

interface Live {
  readonly connection: BusConnection;
  readonly service: BusItemService;
  /** Each path's wire type as last defined: a text on a numeric path is sent as a string, as recorded. */
  readonly types: Map<string, WireType>;
}

/**
 * Publishes a recording's services as live Victron services, each on its own connection (clients tell
 * services apart by sender) through the same BusItemService the aggregator publishes with. Values go
 * out typed as the recording shows them: texts as strings, numbers as doubles where any value of the
 * path has a fraction or the catalogue says so, else as int32.
 */
export async function publishRecording(recording: Recording, address: string, options: PublishOptions = {}): Promise<PublishedRecording> {
  const numericTypes = numericWireTypes(recording);
  const live = new Map<string, Live>();
  const skipped = new Set<string>();
  let stopped = false;
  let wake: (() => void) | null = null;

  const typeOf = (service: string, path: string, value: RecordedValue): WireType =>
    typeof value === 'string' ? 's' : (numericTypes.get(key(service, path)) ?? 'i');
  const define = (name: string, target: Live, path: string, value: RecordedValue) => {
    const type = typeOf(name, path, value);
    target.types.set(path, type);
    target.service.define(path, { ...itemDefinition(path, value), type });
  };
  const set = (name: string, target: Live, path: string, value: RecordedValue) => {
    if (target.types.get(path) === typeOf(name, path, value)) target.service.update(path, value);
    else define(name, target, path, value);
  };

  const appear = async (name: string, values: PathValues) => {
    if (skipped.has(name)) return;
    const connection = await BusConnection.connect(address);
    const target: Live = { connection, service: new BusItemService(connection, name), types: new Map() };
    try {
      for (const [path, value] of Object.entries(values)) define(name, target, path, value);
      await target.service.register();
    } catch (err) {
      connection.close();
      // Its name is taken (a GX's own settings service, say): the rest of the recording still plays.
      skipped.add(name);
      options.onSkipped?.(name, err instanceof Error ? err.message : String(err));
      return;
    }
    live.set(name, target);
    if (stopped) await vanish(name); // stopped while it was registering
  };
  const vanish = async (name: string) => {
    const target = live.get(name);
    if (!target) return;
    live.delete(name);
    await target.service.dispose();
    target.connection.close();
  };

  /** One instant's lines. A path changed twice in it is sent twice: the first value goes out before the second. */
  const applyBatch = async (batch: readonly StreamEvent[]) => {
    const touched = new Map<string, Set<string>>();
    for (const event of batch) {
      if (stopped) return;
      if (isAppeared(event)) await appear(event.service, event.appeared);
      else if (isVanished(event)) await vanish(event.service);
      else {
        const target = live.get(event.service);
        if (!target) continue;
        const paths = touched.get(event.service) ?? new Set<string>();
        touched.set(event.service, paths);
        if (paths.has(event.path)) {
          target.service.flush();
          paths.clear();
        }
        paths.add(event.path);
        set(event.service, target, event.path, event.value);
      }
    }
  };

  /** Back to the header's state without restarting what is online: a loop looks like time going on. */
  const resetToHeader = async () => {
    const header = recording.header.services;
    for (const name of [...live.keys()]) if (!(name in header)) await vanish(name);
    for (const [name, values] of Object.entries(header)) {
      const target = live.get(name);
      if (!target) {
        await appear(name, values);
        continue;
      }
      for (const path of [...target.service.paths()]) if (!(path in values)) target.service.remove(path);
      for (const [path, value] of Object.entries(values)) set(name, target, path, value);
    }
  };

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        wake = null;
        resolve();
      }, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  try {
    for (const [name, values] of Object.entries(recording.header.services)) await appear(name, values);
  } catch (err) {
    await Promise.all([...live.keys()].map(vanish));
    throw err;
  }

  const batches = batchesByTime(recording.events);
  return {
    online: () => [...live.keys()],
    async play(options = {}) {
      const speed = options.speed ?? 1;
      if (!(speed > 0)) throw new RangeError(`speed: expected a number above 0, got ${speed}`);
      for (let pass = 1; !stopped; pass++) {
        if (pass > 1) {
          await resetToHeader();
          options.onLoop?.(pass);
        }
        const startedAt = performance.now();
        for (const batch of batches) {
          const wait = startedAt + batch[0]!.t / speed - performance.now();
          if (wait > 0) await sleep(wait);
          if (stopped) return;
          await applyBatch(batch);
        }
        if (!options.loop) return;
      }
    },
    async stop() {
      stopped = true;
      wake?.();
      await Promise.all([...live.keys()].map(vanish));
    },
  };
}

function key(service: string, path: string): string {
  return `${service}\u0000${path}`;
}

/**
 * Each numeric path's wire type for the whole recording: a double if any value has a fraction (an int32
 * would round it) or a battery path the catalogue calls a float, else an int32.
 */
function numericWireTypes(recording: Recording): Map<string, WireType> {
  const types = new Map<string, WireType>();
  const see = (service: string, path: string, value: RecordedValue) => {
    const k = key(service, path);
    if (types.get(k) === 'd') return;
    const catalogued = service.startsWith(BATTERY_PREFIX) && kindOf(path) === 'float';
    types.set(k, catalogued || (typeof value === 'number' && !Number.isInteger(value)) ? 'd' : 'i');
  };
  for (const [service, values] of Object.entries(recording.header.services)) for (const [path, value] of Object.entries(values)) see(service, path, value);
  for (const event of recording.events) {
    if (isAppeared(event)) for (const [path, value] of Object.entries(event.appeared)) see(event.service, path, value);
    else if (!isVanished(event)) see(event.service, event.path, event.value);
  }
  return types;
}
