import * as t from 'io-ts';
import type { CellVoltageGuardOptions, ConfigFile, DoubleCountedShuntOptions, IrOptions, LimitSmoothingOptions, MixedVoltageOptions, OwnSocOptions, StatusPageOptions } from './codec';

/** The effective configuration: every key of the file, with its default where the file is silent. */
export type Config = Required<Omit<ConfigFile, 'capacity' | 'ir' | 'ownSoc' | 'cellVoltageGuard' | 'limitSmoothing' | 'mixedVoltage' | 'doubleCountedShunt' | 'statusPage'>> & {
  readonly capacity: ConfigFile['capacity'] | null;
  readonly ir: Required<t.TypeOf<typeof IrOptions>>;
  readonly mixedVoltage: Required<t.TypeOf<typeof MixedVoltageOptions>>;
  readonly doubleCountedShunt: Required<t.TypeOf<typeof DoubleCountedShuntOptions>>;
  /** null = the own SoC counter is off (the key is absent). */
  readonly ownSoc: OwnSoc | null;
  /** `null` = off (the key is absent). */
  readonly cellVoltageGuard: Required<t.TypeOf<typeof CellVoltageGuardOptions>> | null;
  /** `null` = off (the key is absent): the limits as the rules give them, as the original. */
  readonly limitSmoothing: LimitSmoothing | null;
  /** `null` = no status page (the key is absent). */
  readonly statusPage: StatusPage | null;
};
export type StatusPage = Required<t.TypeOf<typeof StatusPageOptions>>;
export type LimitSmoothing = Required<t.TypeOf<typeof LimitSmoothingOptions>>;
export type OwnSoc = Required<t.TypeOf<typeof OwnSocOptions>>;

/**
 * The own counter's defaults (reasoning in the README, "State of charge"): LiFePO4 takes back ~99 % of the charge
 * it is given; a Float charge mode is the BMS saying the bank is full; 0.1 V of the CVL and 2 A of tail for 60 s is
 * the usual shunt "charged" rule (a bank at the absorption voltage taking little current); a day-old state is
 * likelier wrong than the BMSes.
 */
export const OWN_SOC_DEFAULTS = {
  chargeEfficiency: 0.99,
  floatResets: true,
  fullVoltageMargin: 0.1,
  tailCurrent: 2,
  holdTime: 60,
  maxStateAge: 86400,
} as unknown as OwnSoc;

/** The options of the switchable groups, once the group is given. */
export const CELL_VOLTAGE_GUARD_DEFAULTS = { hysteresis: 0.05, releaseTime: 60, lowerRate: 0.005 } as const;
/** 2 A/s: a 40 A step takes 20 s, slower than an IR fit's jitter moves the CCL, faster than a charger's step. */
export const LIMIT_SMOOTHING_DEFAULTS = { rampRate: 2 } as unknown as LimitSmoothing;

/** Every interface, the port next to the config generator's habits (8088 is Venus OS's own web server's alternative). */
export const STATUS_PAGE_DEFAULTS = { listen: '0.0.0.0:8089' } as unknown as StatusPage;

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
  socMode: 'capacity',
  timeToGoMode: 'bank',
  logLevel: 'INFO',
  reconnectTimeout: 0,
  startupBatteryWait: 30,
  ir: { maxPercentageError: 0.1, minVoltageChange: 0.02 },
  // parallel packs of one bank differ by a few % at most; a 24 V pack among 48 V ones by 50 %; 10 s against flapping
  mixedVoltage: { mode: 'exclude', maxDeviation: 0.2, settleTime: 10 },
  // a shunt and the BMSes agree within a few %; 2 A keeps an idle bank's noise out; a minute of steady agreement
  doubleCountedShunt: { mode: 'warn', tolerance: 0.05, minCurrent: 2, duration: 60 },
  ownSoc: null,
  cellVoltageGuard: null,
  limitSmoothing: null,
  statusPage: null,
} as unknown as Config; // brands are checked on input; defaults are trusted literals

export function withDefaults(file: ConfigFile): Config {
  const ownSoc = file.ownSoc === undefined ? null : { ...OWN_SOC_DEFAULTS, ...file.ownSoc };
  return {
    ...DEFAULTS,
    ...file,
    ir: { ...DEFAULTS.ir, ...file.ir },
    mixedVoltage: { ...DEFAULTS.mixedVoltage, ...file.mixedVoltage },
    doubleCountedShunt: { ...DEFAULTS.doubleCountedShunt, ...file.doubleCountedShunt },
    ownSoc,
    cellVoltageGuard: file.cellVoltageGuard ? ({ ...CELL_VOLTAGE_GUARD_DEFAULTS, ...file.cellVoltageGuard } as Config['cellVoltageGuard']) : null,
    limitSmoothing: file.limitSmoothing ? { ...LIMIT_SMOOTHING_DEFAULTS, ...file.limitSmoothing } : null,
    statusPage: file.statusPage ? { ...STATUS_PAGE_DEFAULTS, ...file.statusPage } : null,
  };
}

export const DEFAULT_CONFIG: Config = withDefaults({});
