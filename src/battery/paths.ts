import type { ValueKind } from './value';

/** How one path of the bank is computed from the same path of every battery (reference-behaviour.md). */
export type AggregationRule =
  /** Sum of valid values; 0 when none. */
  | 'sum'
  /** Mean of valid values; 0 when none. */
  | 'mean'
  /** Largest valid value; invalid when none. */
  | 'max'
  /** Smallest valid value; invalid when none. */
  | 'min'
  /** 1 when any valid value is non-zero, 0 when all are 0; invalid when none. */
  | 'flag'
  /** Worst alarm level (0 ok, 1 warning, 2 alarm); 0 when none. */
  | 'alarm';

export interface PathInfo {
  readonly kind: ValueKind;
  /** Unit for GetText, e.g. `V`. */
  readonly unit?: string;
  /** Decimals for GetText. */
  readonly decimals?: number;
}

const float = (unit: string, decimals: number): PathInfo => ({ kind: 'float', unit, decimals });
const INT: PathInfo = { kind: 'int' };
const TEXT: PathInfo = { kind: 'text' };

/** The alarms every battery driver knows; any other `/Alarms/*` a battery publishes is aggregated too. */
export const KNOWN_ALARMS = [
  '/Alarms/CellImbalance',
  '/Alarms/LowSoc',
  '/Alarms/HighDischargeCurrent',
  '/Alarms/LowVoltage',
  '/Alarms/HighVoltage',
  '/Alarms/LowCellVoltage',
  '/Alarms/HighCellVoltage',
  '/Alarms/LowTemperature',
  '/Alarms/HighTemperature',
  '/Alarms/LowChargeTemperature',
  '/Alarms/HighChargeTemperature',
] as const;

export const ALARM_PREFIX = '/Alarms/';

/** Value kind and display of every battery path this project reads or publishes. */
export const PATH_INFO: Readonly<Record<string, PathInfo>> = {
  '/Dc/0/Voltage': float('V', 2),
  '/Dc/0/Current': float('A', 1),
  '/Dc/0/Power': float('W', 0),
  '/Dc/0/Temperature': float('°C', 1),
  '/Soc': float('%', 1),
  '/TimeToGo': float('s', 0),
  '/Capacity': float('Ah', 1),
  '/InstalledCapacity': float('Ah', 1),
  '/ConsumedAmphours': float('Ah', 1),
  '/Info/BatteryLowVoltage': float('V', 2),
  '/Info/MaxChargeVoltage': float('V', 2),
  '/Info/MaxChargeCurrent': float('A', 1),
  '/Info/MaxDischargeCurrent': float('A', 1),
  '/Info/ChargeMode': TEXT,
  '/Balancing': INT,
  '/Io/AllowToCharge': INT,
  '/Io/AllowToDischarge': INT,
  '/Io/AllowToBalance': INT,
  '/System/MinCellVoltage': float('V', 3),
  '/System/MaxCellVoltage': float('V', 3),
  '/System/MinCellTemperature': float('°C', 1),
  '/System/MaxCellTemperature': float('°C', 1),
  '/System/MinVoltageCellId': TEXT,
  '/System/MaxVoltageCellId': TEXT,
  '/System/MinTemperatureCellId': TEXT,
  '/System/MaxTemperatureCellId': TEXT,
  '/System/NrOfModulesOnline': INT,
  '/System/NrOfModulesOffline': INT,
  '/System/NrOfModulesBlockingCharge': INT,
  '/System/NrOfModulesBlockingDischarge': INT,
  '/System/Batteries': TEXT,
  '/System/NrOfBatteries': INT,
  '/System/BatteriesParallel': INT,
  '/System/BatteriesSeries': INT,
  '/CustomName': TEXT,
  '/ProductName': TEXT,
  '/DeviceInstance': INT,
  ...Object.fromEntries(KNOWN_ALARMS.map((path) => [path, INT])),
};

/** The kind of any path: catalogued, an alarm (int), or unknown (`null`: passed through as it comes). */
export function kindOf(path: string): ValueKind | null {
  return PATH_INFO[path]?.kind ?? (path.startsWith(ALARM_PREFIX) ? 'int' : null);
}

/** Paths aggregated by a per-path rule. */
export const AGGREGATION_RULES: ReadonlyArray<readonly [path: string, rule: AggregationRule]> = [
  ['/Dc/0/Current', 'sum'],
  ['/Dc/0/Power', 'sum'],
  ['/Capacity', 'sum'],
  ['/InstalledCapacity', 'sum'],
  ['/ConsumedAmphours', 'sum'],
  ['/System/NrOfModulesBlockingCharge', 'sum'],
  ['/System/NrOfModulesBlockingDischarge', 'sum'],
  ['/System/NrOfModulesOnline', 'sum'],
  ['/System/NrOfModulesOffline', 'sum'],
  ['/Dc/0/Voltage', 'mean'],
  ['/Soc', 'mean'],
  ['/TimeToGo', 'mean'],
  ['/Dc/0/Temperature', 'max'],
  ['/Info/BatteryLowVoltage', 'max'],
  ['/System/MaxCellTemperature', 'max'],
  ['/System/MaxCellVoltage', 'max'],
  ['/System/MinCellTemperature', 'min'],
  ['/System/MinCellVoltage', 'min'],
  ['/Balancing', 'flag'],
  ['/Io/AllowToCharge', 'flag'],
  ['/Io/AllowToDischarge', 'flag'],
  ['/Io/AllowToBalance', 'flag'],
];

/** Cell ids name the battery holding the extreme value of another path. */
export const CELL_ID_RULES: ReadonlyArray<{ readonly idPath: string; readonly valuePath: string; readonly extreme: 'min' | 'max' }> = [
  { idPath: '/System/MinVoltageCellId', valuePath: '/System/MinCellVoltage', extreme: 'min' },
  { idPath: '/System/MaxVoltageCellId', valuePath: '/System/MaxCellVoltage', extreme: 'max' },
  { idPath: '/System/MinTemperatureCellId', valuePath: '/System/MinCellTemperature', extreme: 'min' },
  { idPath: '/System/MaxTemperatureCellId', valuePath: '/System/MaxCellTemperature', extreme: 'max' },
];
