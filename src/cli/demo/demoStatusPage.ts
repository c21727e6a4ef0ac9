import type { RunningAggregator } from '../../app/aggregator';
import { LISTEN_ADDRESS } from '../../config/codec';
import type { Config, StatusPage } from '../../config/defaults';
import { createLogger } from '../../log/logger';
import type { RunningStatusPage } from '../../status/statusPage';

/** The demo's page: this machine only, on the daemon's usual port unless it is taken. */
export const DEMO_STATUS_PAGE = '127.0.0.1:8089';

/** `--status-page`: `HOST:PORT`, or `off`; `null` is off. */
export function parseStatusPageOption(text: string): string | null {
  if (text === 'off') return null;
  if (!LISTEN_ADDRESS.test(text)) throw new Error(`--status-page: expected HOST:PORT (e.g. 0.0.0.0:8089) or off, got ${JSON.stringify(text)}`);
  return text;
}

/**
 * Starts the status page for the demo's aggregator, as the daemon would with `statusPage` configured. A port
 * already taken (another demo, a daemon) is not an error here: the page moves to a free one, and the URL
 * printed says where.
 */
export async function startDemoStatusPage(listen: string, config: Config, aggregator: RunningAggregator): Promise<RunningStatusPage> {
  const { startStatusPage, parseListen } = await import('../../status/statusPage.js');
  const sources = { aggregate: aggregator.service, batteries: aggregator.batteries };
  const log = createLogger('status-page');
  const start = (at: string) => {
    const page = { listen: at } as StatusPage; // checked by parseStatusPageOption, or port 0 (any free one)
    return startStatusPage({ ...config, statusPage: page }, page, sources, log);
  };
  try {
    return await start(listen);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
    const { host } = parseListen(listen);
    log.info('%s is in use; the page takes a free port', listen);
    return start(`${host.includes(':') ? `[${host}]` : host}:0`);
  }
}
