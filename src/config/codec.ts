import * as t from 'io-ts';
import { LOG_LEVELS } from '../log/logger';

/**
 * The config file's codec: the single source of truth for its keys, their types and defaults.
 * Every config type in the project is `t.TypeOf` of a codec here.
 */

/** The patterns behind the brands; the JSON Schema uses the same ones. */
export const BATTERY_SERVICE = /^com\.victronenergy\.battery\.[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/;
export const CUSTOM_NAME_REF = /^name:[\s\S]+$/;
export const DBUS_PATH = /^(\/[A-Za-z0-9_]+)+$/;
/** `HOST:PORT`: a host name or IPv4 address, or an IPv6 address in brackets; a port from 1 to 65535. */
export const LISTEN_ADDRESS =
  /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\]):(?:[1-9][0-9]{0,3}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5])$/;

interface BatteryServiceNameBrand {
  readonly BatteryServiceName: unique symbol;
}
/** A battery's bus name: `com.victronenergy.battery.<something>`. */
export const BatteryServiceName = t.brand(
  t.string,
  (s): s is t.Branded<string, BatteryServiceNameBrand> => BATTERY_SERVICE.test(s),
  'BatteryServiceName',
);

interface ServiceRefBrand {
  readonly ServiceRef: unique symbol;
}
/** A battery named by bus name, or by its `/CustomName` as `name:My Battery`. */
export const ServiceRef = t.brand(
  t.string,
  (s): s is t.Branded<string, ServiceRefBrand> => BATTERY_SERVICE.test(s) || CUSTOM_NAME_REF.test(s),
  'ServiceRef',
);
export type ServiceRef = t.TypeOf<typeof ServiceRef>;

interface DbusPathBrand {
  readonly DbusPath: unique symbol;
}
/** A D-Bus object path such as `/Soc`. */
export const DbusPath = t.brand(
  t.string,
  (s): s is t.Branded<string, DbusPathBrand> => DBUS_PATH.test(s),
  'DbusPath',
);

/** Services with all their paths (a list), or services mapped to some paths (`[]` = all). */
export const ServiceSelection = t.union(
  [t.array(ServiceRef), t.record(ServiceRef, t.array(DbusPath))],
  'ServiceSelection',
);
export type ServiceSelection = t.TypeOf<typeof ServiceSelection>;

const enumOf = <T extends string>(values: readonly T[], name: string) =>
  t.keyof(Object.fromEntries(values.map((v) => [v, null])) as Record<T, null>, name);

export const CURRENT_RATIO_METHODS = ['ir', 'capacity', 'count'] as const;
export const CCL_MODES = ['battery+dvcc', 'battery', 'dvcc'] as const;
export const CVL_MODES = ['max_when_balancing', 'min_when_balancing', 'max_always', 'max_when_floating', 'dvcc'] as const;
/** `capacity`: SoC weighted by each battery's installed capacity (default); `mean`: the original's plain mean. */
export const SOC_MODES = ['capacity', 'mean'] as const;
/** `bank`: the bank's remaining Ah over its discharge current (default); `mean`: the original's plain mean. */
export const TIME_TO_GO_MODES = ['bank', 'mean'] as const;

interface ListenAddressBrand {
  readonly ListenAddress: unique symbol;
}
/** Where the status page listens: `0.0.0.0:8089`, `127.0.0.1:8089`, `[::]:8089`. */
export const ListenAddress = t.brand(
  t.string,
  (s): s is t.Branded<string, ListenAddressBrand> => LISTEN_ADDRESS.test(s),
  'ListenAddress',
);

interface PositiveBrand {
  readonly Positive: unique symbol;
}
const Positive = t.brand(t.number, (n): n is t.Branded<number, PositiveBrand> => Number.isFinite(n) && n > 0, 'Positive');
interface NonNegativeBrand {
  readonly NonNegative: unique symbol;
}
const NonNegative = t.brand(t.number, (n): n is t.Branded<number, NonNegativeBrand> => Number.isFinite(n) && n >= 0, 'NonNegative');

export const IrOptions = t.partial({ maxPercentageError: Positive, minVoltageChange: Positive }, 'IrOptions');

/** Lowers the CVL while a cell runs high (absent = off); `maxCellVoltage` is the threshold in V. */
export const CellVoltageGuardOptions = t.intersection(
  [
    t.type({ maxCellVoltage: Positive }),
    t.partial({ hysteresis: NonNegative, releaseTime: NonNegative, lowerRate: NonNegative }),
  ],
  'CellVoltageGuardOptions',
);

interface RampRateBrand {
  readonly RampRate: unique symbol;
}
/** A rate in A/s: a positive finite number (its own brand, so check-config says what the number is). */
const RampRate = t.brand(t.number, (n): n is t.Branded<number, RampRateBrand> => Number.isFinite(n) && n > 0, 'RampRate');

/** Ramps increases of CCL and DCL at `rampRate` A/s (absent = off: the original's limits as they come). */
export const LimitSmoothingOptions = t.partial({ rampRate: RampRate }, 'LimitSmoothingOptions');

interface FractionBrand {
  readonly Fraction: unique symbol;
}
/** A number in (0, 1], such as an efficiency. */
const Fraction = t.brand(t.number, (n): n is t.Branded<number, FractionBrand> => Number.isFinite(n) && n > 0 && n <= 1, 'Fraction');

/** `exclude` (default): a battery whose voltage is off the bank's is left out of every output; `off`: the original's trust. */
export const MIXED_VOLTAGE_MODES = ['exclude', 'off'] as const;

/** The mixed-nominal-voltage guard (on by default): leaves out a battery whose /Dc/0/Voltage is off the bank's. */
export const MixedVoltageOptions = t.partial(
  { mode: enumOf(MIXED_VOLTAGE_MODES, 'MixedVoltageMode'), maxDeviation: Fraction, settleTime: NonNegative },
  'MixedVoltageOptions',
);

/** `warn` (default): a battery whose current is the sum of the others' is named in a warning; `off`: nothing is watched. */
export const DOUBLE_COUNTED_SHUNT_MODES = ['warn', 'off'] as const;

/** The shunt-counted-twice detector (on by default, it only warns): a battery measuring the whole bank. */
export const DoubleCountedShuntOptions = t.partial(
  { mode: enumOf(DOUBLE_COUNTED_SHUNT_MODES, 'DoubleCountedShuntMode'), tolerance: Fraction, minCurrent: Positive, duration: NonNegative },
  'DoubleCountedShuntOptions',
);

/** The own SoC counter (absent = off): counts the bank current and resets when the bank is full. */
export const OwnSocOptions = t.partial(
  {
    chargeEfficiency: Fraction,
    floatResets: t.boolean,
    fullVoltageMargin: NonNegative,
    tailCurrent: NonNegative,
    holdTime: NonNegative,
    maxStateAge: Positive,
  },
  'OwnSocOptions',
);

/** The live status page (absent = off): the daemon serves it over HTTP at `listen`. */
export const StatusPageOptions = t.partial({ listen: ListenAddress }, 'StatusPageOptions');

/**
 * The keys whose value is a flat object of options (`"ir": {"minVoltageChange": 0.05}`): every option has its own
 * description (`ir.minVoltageChange` in keyDescriptions.ts) and the config generator draws each group as one
 * fieldset (`OPTION_GROUP_SPECS` in src/ui/fieldSpecs.ts, placed in a section by `optionGroupField` in
 * renderForm.ts). A group with a key that must be given is `t.intersection([t.type(...), t.partial(...)])`.
 */
export const OPTION_GROUPS = ['ir', 'ownSoc', 'cellVoltageGuard', 'limitSmoothing', 'mixedVoltage', 'doubleCountedShunt', 'statusPage'] as const;
export type OptionGroup = (typeof OPTION_GROUPS)[number];
/** An option of a group, as `group.option`. */
export type OptionPath = { [G in OptionGroup]: `${G}.${keyof NonNullable<ConfigFile[G]> & string}` }[OptionGroup];

/** Every key of the config file; all optional, with defaults in `defaults.ts`. */
export const ConfigFile = t.partial(
  {
    serviceName: BatteryServiceName,
    excludedServices: t.array(ServiceRef),
    primaryServices: ServiceSelection,
    auxiliaryServices: ServiceSelection,
    capacity: Positive,
    virtualBatteries: t.record(BatteryServiceName, ServiceSelection, 'VirtualBatteries'),
    currentRatioMethod: enumOf(CURRENT_RATIO_METHODS, 'CurrentRatioMethod'),
    cclMode: enumOf(CCL_MODES, 'CclMode'),
    cvlMode: enumOf(CVL_MODES, 'CvlMode'),
    socMode: enumOf(SOC_MODES, 'SocMode'),
    timeToGoMode: enumOf(TIME_TO_GO_MODES, 'TimeToGoMode'),
    logLevel: enumOf(LOG_LEVELS, 'LogLevel'),
    reconnectTimeout: NonNegative,
    startupBatteryWait: NonNegative,
    ir: IrOptions,
    cellVoltageGuard: CellVoltageGuardOptions,
    limitSmoothing: LimitSmoothingOptions,
    mixedVoltage: MixedVoltageOptions,
    doubleCountedShunt: DoubleCountedShuntOptions,
    ownSoc: OwnSocOptions,
    statusPage: StatusPageOptions,
  },
  'Config',
);
export type ConfigFile = t.TypeOf<typeof ConfigFile>;
