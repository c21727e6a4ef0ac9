import { parseArgs } from 'node:util';
import { startAggregator, type RunningAggregator } from '../app/aggregator';
import { collectGarbage } from '../app/collectGarbage';
import { resolveBusAddress } from '../bus/busConnection';
import { DEFAULT_CONFIG_PATH, type Config } from '../config/defaults';
import { loadConfig } from '../config/loadConfig';
import { formatProblems } from '../config/validateConfig';
import { createLogger, setLogLevel, type Logger } from '../log/logger';
import { VERSION } from '../version';
import { exitOnUnhandledErrors, stopSignal } from './lifecycle';

/** Exit code for a config the daemon refuses (EX_CONFIG of sysexits.h): it controls chargers and must not guess. */
export const EXIT_CONFIG = 78;

/** `battery-aggregator [CONFIG_FILE] [--bus ADDRESS]`: runs until SIGTERM/SIGINT or the bus is lost. */
export async function runDaemonCommand(argv: string[]): Promise<number> {
  const log = createLogger('main');
  exitOnUnhandledErrors(log);
  let args;
  try {
    args = parseArgs({ args: argv, options: { bus: { type: 'string' } }, allowPositionals: true });
  } catch (err) {
    process.stderr.write(`battery-aggregator: ${(err as Error).message}\n`);
    return 2;
  }
  if (args.positionals.length > 1) {
    process.stderr.write(`battery-aggregator: expected at most one config file, got ${args.positionals.length}\n`);
    return 2;
  }
  const loaded = loadConfig(args.positionals[0] ?? DEFAULT_CONFIG_PATH);
  if (!loaded.ok) {
    const message = `invalid configuration in ${loaded.file}; refusing to start:\n${formatProblems(loaded.problems)}`;
    log.error('%s', message);
    process.stderr.write(`battery-aggregator: ${message}\n`);
    return EXIT_CONFIG;
  }
  setLogLevel(loaded.config.logLevel);
  log.info('battery-aggregator %s starting; config %s%s', VERSION, loaded.file, loaded.missing ? ' (not found: defaults)' : '');

  // Signals count from here: a stop asked for while the batteries are still being read must not wait for them.
  const stopRequested = stopSignal();
  collectGarbage();
  const starting = startAggregator({ address: resolveBusAddress(args.values.bus, process.env), config: loaded.config });
  const started = await Promise.race([starting, stopRequested]);
  if (typeof started === 'string') {
    log.info('%s received while starting; stopping', started);
    starting.then((aggregator) => aggregator.stop(), () => undefined).catch(() => undefined);
    return 0;
  }
  const aggregator = started;
  const statusPage = await startStatusPageIfConfigured(loaded.config, aggregator, log);
  collectGarbage(); // and once the batteries are read and the pipelines built
  const outcome = await new Promise<{ code: number; graceful: boolean }>((resolve) => {
    stopRequested.then(
      (signal) => {
        log.info('%s received; stopping', signal);
        resolve({ code: 0, graceful: true });
      },
      () => undefined,
    );
    aggregator.lost.then(
      (reason) => {
        log.error('lost the D-Bus connection (%s); exiting so the supervisor restarts us', reason);
        resolve({ code: 1, graceful: false });
      },
      () => undefined,
    );
  });
  // Releasing the name is a courtesy; it must not hold up an exit that was asked for.
  if (outcome.graceful) await Promise.race([Promise.all([aggregator.stop(), statusPage?.stop()]), delay(STOP_GRACE_MS)]);
  return outcome.code;
}

/**
 * The status page, when configured: loaded by dynamic import, so that with it off none of its code (server,
 * history, page) is even read. A page that cannot listen (the port taken) is logged; the aggregation goes on.
 */
async function startStatusPageIfConfigured(config: Config, aggregator: RunningAggregator, log: Logger): Promise<{ stop(): Promise<void> } | null> {
  if (config.statusPage === null) return null;
  try {
    const { startStatusPage } = await import('../status/statusPage.js');
    return await startStatusPage(config, config.statusPage, { aggregate: aggregator.service, batteries: aggregator.batteries }, createLogger('status-page'));
  } catch (err) {
    log.error('status page not started on %s: %s', config.statusPage.listen, err instanceof Error ? err.message : String(err));
    return null;
  }
}

const STOP_GRACE_MS = 500;

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
