import * as t from 'io-ts';
import type { CellVoltageGuardOptions, ConfigFile, IrOptions, LimitSmoothingOptions } from './codec';

/** The effective configuration: every key of the file, with its default where the file is silent. */
export type Config = Required<Omit<ConfigFile, 'capacity' | 'ir' | 'cellVoltageGuard' | 'limitSmoothing'>> & {
  readonly capacity: ConfigFile['capacity'] | null;
  readonly ir: Required<t.TypeOf<typeof IrOptions>>;
  /** `null` = off (the key is absent). */
  readonly cellVoltageGuard: Required<t.TypeOf<typeof CellVoltageGuardOptions>> | null;
  readonly limitSmoothing: Required<t.TypeOf<typeof LimitSmoothingOptions>> | null;
};

/** The options of the switchable groups, once the group is given. */
export const CELL_VOLTAGE_GUARD_DEFAULTS = { hysteresis: 0.05, releaseTime: 60, lowerRate: 0.005 } as const;
export const LIMIT_SMOOTHING_DEFAULTS = { rampRate: 2 } as const;

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
  cellVoltageGuard: null,
  limitSmoothing: null,
} as unknown as Config; // brands are checked on input; defaults are trusted literals

export function withDefaults(file: ConfigFile): Config {
  return {
    ...DEFAULTS,
    ...file,
    ir: { ...DEFAULTS.ir, ...file.ir },
    cellVoltageGuard: file.cellVoltageGuard ? ({ ...CELL_VOLTAGE_GUARD_DEFAULTS, ...file.cellVoltageGuard } as Config['cellVoltageGuard']) : null,
    limitSmoothing: file.limitSmoothing ? ({ ...LIMIT_SMOOTHING_DEFAULTS, ...file.limitSmoothing } as Config['limitSmoothing']) : null,
  };
}

export const DEFAULT_CONFIG: Config = withDefaults({});
