import type * as t from 'io-ts';
import { ConfigFile } from '../config/codec';
import { DEFAULT_CONFIG } from '../config/defaults';
import type { IrKey, ScalarKey, SelectionKey } from './formState';

/** Labels, one-line help and defaults of the form's fields; choices come from the codec itself. */

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
function choices<K extends 'currentRatioMethod' | 'cclMode' | 'cvlMode' | 'logLevel'>(key: K, explanations: Record<Choice<K>, string>): ChoiceOption[] {
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
    help: 'The bus name this aggregator publishes; it is never aggregated itself.',
    kind: 'text',
    defaultText: defaultOf('serviceName'),
  },
  capacity: {
    label: 'Installed capacity (Ah)',
    help: 'Only when the batteries do not report it: the installed capacity of the whole bank.',
    kind: 'number',
    defaultText: 'from the batteries',
  },
  currentRatioMethod: {
    label: 'Current ratio method',
    help: 'How the charge and discharge current limits are shared between batteries.',
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
    help: 'Where the published charge current limit (CCL) comes from.',
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
    help: 'Which battery\u2019s charge voltage limit (CVL) is published.',
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
  logLevel: {
    label: 'Log level',
    help: 'The level the service starts with (it can be changed at runtime on /LogLevel).',
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
    help: 'A battery that vanishes is dropped only if it has not come back within this many seconds.',
    kind: 'number',
    defaultText: defaultOf('reconnectTimeout'),
  },
  startupBatteryWait: {
    label: 'Start-up battery wait (s)',
    help: 'At start, the longest wait for a battery to report a voltage; then the aggregate is published anyway.',
    kind: 'number',
    defaultText: defaultOf('startupBatteryWait'),
  },
};

export const IR_SPECS: Record<IrKey, ScalarSpec> = {
  maxPercentageError: {
    label: 'Largest relative error',
    help: 'A measured internal resistance is used only when its error is at most this fraction of it (0.1 = 10 %).',
    kind: 'number',
    defaultText: String(DEFAULT_CONFIG.ir.maxPercentageError),
  },
  minVoltageChange: {
    label: 'Smallest voltage step (V)',
    help: 'A new voltage and current sample is kept only when the voltage moved at least this much.',
    kind: 'number',
    defaultText: String(DEFAULT_CONFIG.ir.minVoltageChange),
  },
};

export const LIST_SPECS: Record<SelectionKey | 'excludedServices' | 'virtualBatteries', { readonly label: string; readonly help: string }> = {
  excludedServices: {
    label: 'Excluded services',
    help: 'Batteries (e.g. a shunt) never aggregated. Find the names with dbus-spy, or use name:<custom name>.',
  },
  primaryServices: {
    label: 'Primary services',
    help: 'Read after aggregation: their values win (e.g. the SoC of a shunt). Read, not aggregated.',
  },
  auxiliaryServices: {
    label: 'Auxiliary services',
    help: 'Read before aggregation: their values apply unless the batteries report their own. Read, not aggregated.',
  },
  virtualBatteries: {
    label: 'Virtual batteries',
    help: 'A new battery service made by merging members (e.g. a BMS in series with a shunt); it is aggregated, its members are not.',
  },
};
