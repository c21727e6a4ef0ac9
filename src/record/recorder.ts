import { Subscription } from 'rxjs';
import type { BusConnection } from '../bus/busConnection';
import type { RemoteService } from '../bus/remoteService';
import { watchServices, type ServiceEvent, type WatchProblem } from '../bus/serviceWatcher';
import { eventLine, headerLine, type PathValues, type RecordedValue } from './format';
import { DEFAULT_PREFIXES, isRecordedPath, isRecordedService } from './recordedServices';

export interface RecorderOptions {
  /** Services to record, by name prefix; default every battery plus DVCC's system and settings paths. */
  readonly prefixes?: readonly string[];
  /** Names never recorded, e.g. our own aggregate (replaying it would clash with a running aggregator). */
  readonly exclude?: ReadonlySet<string>;
  readonly onProblem?: (problem: WatchProblem) => void;
}

export interface Recorder {
  /** Resolves once the header is written: the services present at start have been read. Rejects if watching fails first. */
  readonly ready: Promise<void>;
  /** Lines written so far, the header included. */
  readonly lines: number;
  /** Stops watching; nothing is written after it. */
  stop(): void;
}

/**
 * Records the bus as a client sees it, through the same watcher the aggregator uses: a header with
 * every service present at start, then a line per value change, appearance and disappearance, each
 * handed to `write` (one JSON line, no newline) the moment it happens.
 */
export function recordBus(connection: BusConnection, write: (line: string) => void, options: RecorderOptions = {}): Recorder {
  const prefixes = options.prefixes ?? DEFAULT_PREFIXES;
  const exclude = options.exclude ?? new Set<string>();
  const now = () => performance.now(); // monotonic: a clock step must not reorder the recording
  const followed = new Map<RemoteService, Subscription>();
  let start: number | null = null;
  let lines = 0;
  let stopped = false;
  const emit = (line: string) => {
    if (stopped) return;
    lines++;
    write(line);
  };
  const elapsed = () => Math.round(now() - start!);

  /** Follows every recorded path of a service; returns its values at this moment. Later changes are written. */
  const follow = (service: RemoteService): PathValues => {
    const last = new Map<string, RecordedValue>();
    const subscription = new Subscription();
    let snapshot = true;
    const onValue = (path: string, value: RecordedValue) => {
      if (last.has(path) && last.get(path) === value) return;
      last.set(path, value);
      if (!snapshot) emit(eventLine({ t: elapsed(), service: service.name, path, value }));
    };
    subscription.add(
      service.paths$.subscribe((path) => {
        if (isRecordedPath(service.name, path)) subscription.add(service.value$(path).subscribe((value) => onValue(path, value)));
      }),
    );
    snapshot = false;
    followed.set(service, subscription);
    return Object.fromEntries(last);
  };

  let markReady = () => {};
  let failReady: (err: unknown) => void = () => {};
  const ready = new Promise<void>((resolve, reject) => {
    markReady = resolve;
    failReady = reject;
  });
  const present: RemoteService[] = [];
  const onEvent = (event: ServiceEvent) => {
    if (event.kind === 'ready') {
      const services = Object.fromEntries(present.map((service) => [service.name, follow(service)]));
      start = now();
      emit(headerLine(new Date(), services));
      markReady();
    } else if (start === null) {
      // Before the header: only who is there at the start matters.
      const index = present.indexOf(event.service);
      if (event.kind === 'added') present.push(event.service);
      else if (index >= 0) present.splice(index, 1);
    } else if (event.kind === 'added') {
      emit(eventLine({ t: elapsed(), service: event.service.name, appeared: follow(event.service) }));
    } else {
      followed.get(event.service)?.unsubscribe();
      followed.delete(event.service);
      emit(eventLine({ t: elapsed(), service: event.service.name, vanished: true }));
    }
  };

  const select = (name: string) => isRecordedService(name, prefixes) && !exclude.has(name);
  const watch = watchServices(connection, { select, onProblem: options.onProblem }).subscribe({ next: onEvent, error: (err: unknown) => failReady(err) });
  return {
    ready,
    get lines() {
      return lines;
    },
    stop() {
      stopped = true;
      watch.unsubscribe();
      for (const subscription of followed.values()) subscription.unsubscribe();
      followed.clear();
    },
  };
}
