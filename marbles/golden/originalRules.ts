import type { Config } from '../../src/config/defaults';

/**
 * The original's rules where this project's defaults depart from them: `<name>.golden.txt` replays each stream
 * with these on top of its config, so those snapshots stay the differential with the original, and
 * `<name>.defaults.golden.txt` shows what the defaults change. The original has no own SoC counter: a stream whose
 * config turns `ownSoc` on shows it only in the latter.
 */
export function withOriginalRules(config: Config): Config {
  return { ...config, socMode: 'mean', timeToGoMode: 'mean', mixedVoltage: { ...config.mixedVoltage, mode: 'off' }, ownSoc: null };
}
