import type * as t from 'io-ts';
import { ConfigFile, type OptionGroup } from '../config/codec';
import { CELL_VOLTAGE_GUARD_DEFAULTS, DEFAULT_CONFIG, LIMIT_SMOOTHING_DEFAULTS, OWN_SOC_DEFAULTS, STATUS_PAGE_DEFAULTS } from '../config/defaults';
import { KEY_DESCRIPTIONS } from '../config/keyDescriptions';
import type { OptionKey, ScalarKey, SelectionKey } from './formState';

/** Labels, defaults and mode explanations of the form's fields; choices come from the codec, help from KEY_DESCRIPTIONS. */

type Choice<K extends keyof typeof ConfigFile.props> = t.TypeOf<(typeof ConfigFile.props)[K]>;

export interface ChoiceOption {
  readonly value: string;
  readonly explanation: string;
}

export interface ScalarSpec {
  readonly label: string;
  readonly help: string;
  readonly kind: 'text' | 'number' | 'choice';
  /** Shown as the placeholder (or the "default" option): the value that applies when the field is empty. */
  readonly defaultText: string;
  readonly options?: readonly ChoiceOption[];
}

/** A Record over the codec's values: adding a mode to the codec without explaining it here fails to compile. */
function choices<K extends 'currentRatioMethod' | 'cclMode' | 'cvlMode' | 'socMode' | 'timeToGoMode' | 'logLevel'>(key: K, explanations: Record<Choice<K>, string>): ChoiceOption[] {
  const values = Object.keys((ConfigFile.props[key] as t.KeyofC<Record<string, unknown>>).keys);
  return values.map((value) => ({ value, explanation: explanations[value as Choice<K>] }));
}

const defaultOf = (key: ScalarKey): string => {
  const value = DEFAULT_CONFIG[key];
  return value === null ? '' : String(value);
};

export const SCALAR_SPECS: Record<ScalarKey, ScalarSpec> = {
  serviceName: {
    label: 'Service name',
    help: KEY_DESCRIPTIONS.serviceName,
    kind: 'text',
    defaultText: defaultOf('serviceName'),
  },
  capacity: {
    label: 'Installed capacity (Ah)',
    help: KEY_DESCRIPTIONS.capacity,
    kind: 'number',
    defaultText: 'from the batteries',
  },
  currentRatioMethod: {
    label: 'Current ratio method',
    help: KEY_DESCRIPTIONS.currentRatioMethod,
    kind: 'choice',
    defaultText: defaultOf('currentRatioMethod'),
    options: choices('currentRatioMethod', {
      ir: 'Measure each battery\u2019s internal resistance during discharge (best with a good shunt); uses capacity until enough samples.',
      capacity: 'Share by capacity: bigger batteries take more current. Good for batteries of different sizes.',
      count: 'All batteries are alike: share equally.',
    }),
  },
  cclMode: {
    label: 'Charge current limit mode',
    help: KEY_DESCRIPTIONS.cclMode,
    kind: 'choice',
    defaultText: defaultOf('cclMode'),
    options: choices('cclMode', {
      'battery+dvcc': 'The limit computed from the batteries, capped by the DVCC user limit when DVCC is on.',
      battery: 'Only the limit computed from the batteries.',
      dvcc: 'Only the DVCC user limit (falls back to the batteries\u2019 limit when DVCC is off).',
    }),
  },
  cvlMode: {
    label: 'Charge voltage limit mode',
    help: KEY_DESCRIPTIONS.cvlMode,
    kind: 'choice',
    defaultText: defaultOf('cvlMode'),
    options: choices('cvlMode', {
      max_when_balancing: 'The lowest of the batteries\u2019 limits, but the highest while any battery balances.',
      min_when_balancing: 'Always the lowest of the batteries\u2019 limits.',
      max_always: 'Always the highest of the batteries\u2019 limits.',
      max_when_floating: 'The highest while the bank floats, else the lowest.',
      dvcc: 'The DVCC user charge voltage, ignoring the batteries.',
    }),
  },
  socMode: {
    label: 'State of charge',
    help: KEY_DESCRIPTIONS.socMode,
    kind: 'choice',
    defaultText: defaultOf('socMode'),
    options: choices('socMode', {
      capacity: 'Weighted by capacity: 100, 200 and 280 Ah at 50, 80 and 90 % make 79.7 %. Falls back to the mean while a battery has no capacity.',
      mean: 'The plain mean of the batteries\u2019 SoC, as the original (73.3 % in the same bank).',
    }),
  },
  timeToGoMode: {
    label: 'Time to go',
    help: KEY_DESCRIPTIONS.timeToGoMode,
    kind: 'choice',
    defaultText: defaultOf('timeToGoMode'),
    options: choices('timeToGoMode', {
      bank: 'The bank\u2019s remaining Ah over its discharge current; empty while charging or at rest, as Victron\u2019s monitors.',
      mean: 'The mean of the batteries\u2019 own time-to-go values, as the original.',
    }),
  },
  logLevel: {
    label: 'Log level',
    help: KEY_DESCRIPTIONS.logLevel,
    kind: 'choice',
    defaultText: defaultOf('logLevel'),
    options: choices('logLevel', {
      DEBUG: 'Everything, for troubleshooting.',
      INFO: 'Normal operation: start, batteries joining and leaving.',
      WARNING: 'Only what may need attention.',
      ERROR: 'Only errors.',
      CRITICAL: 'Only errors that stop the service.',
    }),
  },
  reconnectTimeout: {
    label: 'Reconnect timeout (s)',
    help: KEY_DESCRIPTIONS.reconnectTimeout,
    kind: 'number',
    defaultText: defaultOf('reconnectTimeout'),
  },
  startupBatteryWait: {
    label: 'Start-up battery wait (s)',
    help: KEY_DESCRIPTIONS.startupBatteryWait,
    kind: 'number',
    defaultText: defaultOf('startupBatteryWait'),
  },
};

/** A key whose value is an object of options (`ir`), drawn as one group of fields. */
export interface OptionGroupSpec<G extends OptionGroup> {
  readonly label: string;
  /**
   * The group's presence switches a feature on (absent = off): the form shows a checkbox, and writes `{}` when it
   * is ticked with every option left at its default. Otherwise the group is written only when an option is set.
   */
  readonly switchable: boolean;
  /** One field per option of the codec: an option added to the codec without a field here fails to compile. */
  readonly options: Record<OptionKey<G>, ScalarSpec>;
}

export const OPTION_GROUP_SPECS: { readonly [G in OptionGroup]: OptionGroupSpec<G> } = {
  ir: {
    label: 'Internal resistance measurement',
    switchable: false,
    options: {
      maxPercentageError: {
        label: 'Largest relative error',
        help: KEY_DESCRIPTIONS['ir.maxPercentageError'],
        kind: 'number',
        defaultText: String(DEFAULT_CONFIG.ir.maxPercentageError),
      },
      minVoltageChange: {
        label: 'Smallest voltage step (V)',
        help: KEY_DESCRIPTIONS['ir.minVoltageChange'],
        kind: 'number',
        defaultText: String(DEFAULT_CONFIG.ir.minVoltageChange),
      },
    },
  },
  ownSoc: {
    label: 'Own state-of-charge counter',
    switchable: true,
    options: {
      chargeEfficiency: {
        label: 'Charge efficiency',
        help: KEY_DESCRIPTIONS['ownSoc.chargeEfficiency'],
        kind: 'number',
        defaultText: String(OWN_SOC_DEFAULTS.chargeEfficiency),
      },
      floatResets: {
        label: 'Float resets to 100 %',
        help: KEY_DESCRIPTIONS['ownSoc.floatResets'],
        kind: 'choice',
        defaultText: String(OWN_SOC_DEFAULTS.floatResets),
        options: [
          { value: 'true', explanation: 'Every connected battery entering Float means full.' },
          { value: 'false', explanation: 'Only the voltage and tail current rule resets the counter.' },
        ],
      },
      fullVoltageMargin: {
        label: 'Full voltage margin (V)',
        help: KEY_DESCRIPTIONS['ownSoc.fullVoltageMargin'],
        kind: 'number',
        defaultText: String(OWN_SOC_DEFAULTS.fullVoltageMargin),
      },
      tailCurrent: {
        label: 'Tail current (A)',
        help: KEY_DESCRIPTIONS['ownSoc.tailCurrent'],
        kind: 'number',
        defaultText: String(OWN_SOC_DEFAULTS.tailCurrent),
      },
      holdTime: {
        label: 'Hold time (s)',
        help: KEY_DESCRIPTIONS['ownSoc.holdTime'],
        kind: 'number',
        defaultText: String(OWN_SOC_DEFAULTS.holdTime),
      },
      maxStateAge: {
        label: 'Largest stored state age (s)',
        help: KEY_DESCRIPTIONS['ownSoc.maxStateAge'],
        kind: 'number',
        defaultText: String(OWN_SOC_DEFAULTS.maxStateAge),
      },
    },
  },
  cellVoltageGuard: {
    label: 'Cell over-voltage guard',
    switchable: true,
    options: {
      maxCellVoltage: { label: 'Largest cell voltage (V)', help: KEY_DESCRIPTIONS['cellVoltageGuard.maxCellVoltage'], kind: 'number', defaultText: '' },
      hysteresis: { label: 'Hysteresis (V)', help: KEY_DESCRIPTIONS['cellVoltageGuard.hysteresis'], kind: 'number', defaultText: String(CELL_VOLTAGE_GUARD_DEFAULTS.hysteresis) },
      releaseTime: { label: 'Release time (s)', help: KEY_DESCRIPTIONS['cellVoltageGuard.releaseTime'], kind: 'number', defaultText: String(CELL_VOLTAGE_GUARD_DEFAULTS.releaseTime) },
      lowerRate: { label: 'Lowering rate (V/s)', help: KEY_DESCRIPTIONS['cellVoltageGuard.lowerRate'], kind: 'number', defaultText: String(CELL_VOLTAGE_GUARD_DEFAULTS.lowerRate) },
    },
  },
  limitSmoothing: {
    label: 'Limit smoothing',
    switchable: true,
    options: {
      rampRate: { label: 'Ramp rate (A/s)', help: KEY_DESCRIPTIONS['limitSmoothing.rampRate'], kind: 'number', defaultText: String(LIMIT_SMOOTHING_DEFAULTS.rampRate) },
    },
  },
  statusPage: {
    label: 'Status page',
    switchable: true,
    options: {
      listen: { label: 'Listen on (HOST:PORT)', help: KEY_DESCRIPTIONS['statusPage.listen'], kind: 'text', defaultText: STATUS_PAGE_DEFAULTS.listen },
    },
  },
  mixedVoltage: {
    label: 'Mixed nominal voltages',
    switchable: false,
    options: {
      mode: {
        label: 'Mode',
        help: KEY_DESCRIPTIONS['mixedVoltage.mode'],
        kind: 'choice',
        defaultText: DEFAULT_CONFIG.mixedVoltage.mode,
        options: [
          { value: 'exclude', explanation: 'A battery whose voltage is off the bank\u2019s is left out of every output until it matches again, with a warning naming it.' },
          { value: 'off', explanation: 'Every battery is aggregated whatever its voltage, as the original.' },
        ],
      },
      maxDeviation: { label: 'Largest voltage difference (fraction)', help: KEY_DESCRIPTIONS['mixedVoltage.maxDeviation'], kind: 'number', defaultText: String(DEFAULT_CONFIG.mixedVoltage.maxDeviation) },
      settleTime: { label: 'Settle time (s)', help: KEY_DESCRIPTIONS['mixedVoltage.settleTime'], kind: 'number', defaultText: String(DEFAULT_CONFIG.mixedVoltage.settleTime) },
    },
  },
  doubleCountedShunt: {
    label: 'A shunt counted twice',
    switchable: false,
    options: {
      mode: {
        label: 'Mode',
        help: KEY_DESCRIPTIONS['doubleCountedShunt.mode'],
        kind: 'choice',
        defaultText: DEFAULT_CONFIG.doubleCountedShunt.mode,
        options: [
          { value: 'warn', explanation: 'A battery whose current matches the sum of the others\u2019 (it measures the whole bank) is named once in a warning with the config that fixes it; outputs are unchanged.' },
          { value: 'off', explanation: 'The currents are not watched.' },
        ],
      },
      tolerance: { label: 'Tolerance (fraction of the sum)', help: KEY_DESCRIPTIONS['doubleCountedShunt.tolerance'], kind: 'number', defaultText: String(DEFAULT_CONFIG.doubleCountedShunt.tolerance) },
      minCurrent: { label: 'Smallest bank current (A)', help: KEY_DESCRIPTIONS['doubleCountedShunt.minCurrent'], kind: 'number', defaultText: String(DEFAULT_CONFIG.doubleCountedShunt.minCurrent) },
      duration: { label: 'Duration (s)', help: KEY_DESCRIPTIONS['doubleCountedShunt.duration'], kind: 'number', defaultText: String(DEFAULT_CONFIG.doubleCountedShunt.duration) },
    },
  },
};

export const LIST_SPECS: Record<SelectionKey | 'excludedServices' | 'virtualBatteries', { readonly label: string; readonly help: string }> = {
  excludedServices: {
    label: 'Excluded services',
    help: KEY_DESCRIPTIONS.excludedServices,
  },
  primaryServices: {
    label: 'Primary services',
    help: KEY_DESCRIPTIONS.primaryServices,
  },
  auxiliaryServices: {
    label: 'Auxiliary services',
    help: KEY_DESCRIPTIONS.auxiliaryServices,
  },
  virtualBatteries: {
    label: 'Virtual batteries',
    help: KEY_DESCRIPTIONS.virtualBatteries,
  },
};
