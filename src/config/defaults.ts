import * as t from 'io-ts';
import type { ConfigFile, IrOptions } from './codec';

/** The effective configuration: every key of the file, with its default where the file is silent. */
export type Config = Required<Omit<ConfigFile, 'capacity' | 'ir'>> & {
  readonly capacity: ConfigFile['capacity'] | null;
  readonly ir: Required<t.TypeOf<typeof IrOptions>>;
};

export const DEFAULT_CONFIG_PATH = '/data/setupOptions/BatteryAggregator/config.json';

const DEFAULTS = {
  serviceName: 'com.victronenergy.battery.aggregator',
  excludedServices: [],
  primaryServices: [],
  auxiliaryServices: [],
  capacity: null,
  virtualBatteries: {},
  currentRatioMethod: 'ir',
  cclMode: 'battery+dvcc',
  cvlMode: 'max_when_balancing',
  logLevel: 'INFO',
  reconnectTimeout: 0,
  startupBatteryWait: 30,
  ir: { maxPercentageError: 0.1, minVoltageChange: 0.02 },
} as unknown as Config; // brands are checked on input; defaults are trusted literals

export function withDefaults(file: ConfigFile): Config {
  return { ...DEFAULTS, ...file, ir: { ...DEFAULTS.ir, ...file.ir } };
}

export const DEFAULT_CONFIG: Config = withDefaults({});
