import { Variant } from 'dbus-next';
import { asyncScheduler, combineLatest, from, map, tap } from 'rxjs';
import type { BusConnection } from '../bus/busConnection';
import { addSettings, setSetting, settingsOwner, SETTINGS_SERVICE } from '../bus/localSettings';
import type { OwnSoc } from '../config/defaults';
import { createLogger, type Logger } from '../log/logger';
import { countOwnSoc } from '../pipeline/ownSoc/ownSocCounter';
import type { OwnSocCounter } from '../pipeline/ownSoc/ownSocSamples';
import { encodeOwnSoc, resumeDecision } from '../pipeline/ownSoc/storedOwnSoc';

/** How often the counter's state is written to the settings service while running (and once more on stop). */
export const OWN_SOC_SAVE_INTERVAL_MS = 60_000;

/** The setting holding the counter's state of the aggregate named `serviceName` (one per aggregator). */
export function ownSocSettingPath(serviceName: string): string {
  const key = serviceName.replace(/^com\.victronenergy\.battery\./, '').replace(/[^A-Za-z0-9_]/g, '_');
  return `/Settings/${key === 'aggregator' ? 'BatteryAggregator' : `BatteryAggregator_${key}`}/OwnSoc/State`;
}

export interface OwnSocApp {
  /**
   * The counter, fed once `ready` resolves (the batteries present at start are read): a fresh counter starts from
   * the whole bank's weighted SoC, not from the first battery that happened to be read.
   */
  counter(ready: Promise<unknown>): OwnSocCounter;
  /** Writes the latest state once more (SIGTERM) and stops the periodic writes. */
  stop(): Promise<void>;
}

export interface OwnSocAppOptions {
  readonly serviceName: string;
  readonly log?: Logger;
  readonly saveIntervalMs?: number;
  /** Wall clock, ms. */
  readonly now?: () => number;
}

/**
 * The own SoC counter on the daemon's clock, kept in `com.victronenergy.settings`: read once here (a valid, recent
 * state resumes the counter; anything else is discarded with the reason), written every minute and on stop.
 * Without a settings service the counter runs without persistence. Imported dynamically by the aggregator only
 * when `ownSoc` is configured, so a daemon without it loads none of this.
 */
export async function startOwnSocCounter(connection: BusConnection, options: OwnSoc, app: OwnSocAppOptions): Promise<OwnSocApp> {
  const log = app.log ?? createLogger('ownsoc');
  const now = app.now ?? Date.now;
  const path = ownSocSettingPath(app.serviceName);
  const stored = await readStored(connection, path, log);
  let resumed: number | null = null;
  if (stored.present) {
    const decision = resumeDecision(stored.value, now(), options.maxStateAge);
    if (decision.kind === 'resume') {
      resumed = decision.soc;
      log.info('own SoC resumes at %s %% from %s (saved %d s ago)', decision.soc.toFixed(2), path, Math.round(decision.age));
    } else if (decision.kind === 'discard') log.warn("discarding the stored own SoC in %s: %s; starting from the batteries' weighted SoC", path, decision.reason);
    else log.info("no own SoC stored in %s yet; starting from the batteries' weighted SoC", path);
  }

  // Only a value the counter produced is saved: before its first sample nothing was counted, and rewriting the
  // stored state would only make an old one look fresh.
  let latest: number | undefined;
  const counter = (ready: Promise<unknown>): OwnSocCounter => (sample$) =>
    countOwnSoc(combineLatest([sample$, from(ready)]).pipe(map(([sample]) => sample)), options, asyncScheduler, resumed).pipe(tap((output) => (latest = output.soc)));
  if (!stored.present) return { counter, stop: () => Promise.resolve() };

  let failing = false;
  const save = async (): Promise<void> => {
    if (latest === undefined) return;
    try {
      const code = await setSetting(connection, path, new Variant('s', encodeOwnSoc(latest, now())));
      if (code !== 0) throw new Error(`refused (code ${code})`);
      if (failing) log.info('own SoC saved in %s again', path);
      failing = false;
    } catch (err) {
      // once per run of failures: the settings service restarting must not fill the log
      if (!failing) log.warn('could not save the own SoC in %s: %s; retrying every %d s', path, (err as Error).message, Math.round((app.saveIntervalMs ?? OWN_SOC_SAVE_INTERVAL_MS) / 1000));
      failing = true;
    }
  };
  const timer = setInterval(() => void save(), app.saveIntervalMs ?? OWN_SOC_SAVE_INTERVAL_MS);
  timer.unref();
  return {
    counter,
    async stop() {
      clearInterval(timer);
      if (connection.isOpen) await save();
    },
  };
}

/** The stored text, creating the setting (empty) on a first start; `present: false` without a settings service. */
async function readStored(connection: BusConnection, path: string, log: Logger): Promise<{ present: true; value: unknown } | { present: false }> {
  const without = (why: string) => {
    log.warn('%s; the own SoC counter runs without persistence: it starts from the batteries and a restart starts it again', why);
    return { present: false as const };
  };
  if ((await settingsOwner(connection)) === undefined) return without(`${SETTINGS_SERVICE} is not on the bus`);
  try {
    const [result] = await addSettings(connection, { [path]: new Variant('s', '') });
    if (result === undefined || result.error !== 0) return without(`${SETTINGS_SERVICE} refused ${path} (code ${result?.error})`);
    return { present: true, value: result.value };
  } catch (err) {
    return without(`reading ${path} from ${SETTINGS_SERVICE} failed: ${(err as Error).message}`);
  }
}
