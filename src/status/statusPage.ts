import type { Config, StatusPage } from '../config/defaults';
import type { Logger } from '../log/logger';
import { History, HISTORY_DEFAULTS, type HistoryOptions } from './history';
import { historySample, liveStatus, type PublishedValues, type WatchedValues } from './liveStatus';
import { pageAssets } from './pageAssets';
import { startStatusServer, type StatusServer, type StatusServerLimits } from './statusServer';

/** What the page reads in the daemon: the aggregate's published values and the watched batteries. */
export interface StatusPageSources {
  readonly aggregate: PublishedValues;
  readonly batteries: ReadonlyMap<string, WatchedValues>;
}

export interface StatusPageOptions {
  readonly history?: HistoryOptions;
  /** How often the plots are sampled; each bucket is the mean of its samples. */
  readonly sampleMs?: number;
  readonly limits?: Partial<StatusServerLimits>;
}

export interface RunningStatusPage {
  readonly server: StatusServer;
  readonly history: History;
  /** The page's address for people: `http://HOST:PORT/`. */
  readonly url: string;
  stop(): Promise<void>;
}

const SAMPLE_MS = 10_000;

/** `host:port` or `[v6]:port` -> its parts (the codec has checked the form). */
export function parseListen(listen: string): { host: string; port: number } {
  const colon = listen.lastIndexOf(':');
  return { host: listen.slice(0, colon).replace(/^\[(.*)\]$/, '$1'), port: Number(listen.slice(colon + 1)) };
}

/**
 * Loaded by dynamic import from the daemon only when `statusPage` is configured. Serves the page and samples
 * the plots' history on a timer; the live snapshot is built only while a browser is connected.
 */
export async function startStatusPage(config: Config, page: StatusPage, sources: StatusPageSources, log: Logger, options: StatusPageOptions = {}): Promise<RunningStatusPage> {
  const history = new History(options.history ?? historyFromEnv());
  const snapshot = () => liveStatus(config, sources.aggregate, sources.batteries);
  const sample = () => history.record(Date.now() / 1000, historySample(snapshot()));
  sample();
  // at least two samples a bucket: one a bucket drifts, and every so often a bucket gets none (a gap in the plots)
  const timer = setInterval(sample, options.sampleMs ?? Math.min(SAMPLE_MS, (history.options.bucketSeconds * 1000) / 2));
  timer.unref();
  const { host, port } = parseListen(page.listen);
  let server: StatusServer;
  try {
    server = await startStatusServer({
      host,
      port,
      assets: await pageAssets(),
      status: () => JSON.stringify(snapshot()),
      history: () => JSON.stringify(history.series()),
      limits: options.limits,
    });
  } catch (err) {
    clearInterval(timer);
    throw err;
  }
  const url = `http://${server.address.replace(/^0\.0\.0\.0:/, 'localhost:').replace(/^\[::\]:/, 'localhost:')}/`;
  log.info('status page on %s (listening on %s)', url, server.address);
  return {
    server,
    history,
    url,
    stop: async () => {
      clearInterval(timer);
      await server.close();
    },
  };
}

/**
 * Tests and demos see the plots fill without waiting a minute a point: BATTERY_AGGREGATOR_HISTORY_BUCKET
 * (seconds) shortens the buckets. Not a config key: nobody needs it on a GX.
 */
function historyFromEnv(): HistoryOptions {
  const seconds = Number(process.env.BATTERY_AGGREGATOR_HISTORY_BUCKET);
  return Number.isFinite(seconds) && seconds > 0 ? { ...HISTORY_DEFAULTS, bucketSeconds: seconds } : HISTORY_DEFAULTS;
}
