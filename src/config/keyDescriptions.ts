import type { ConfigFile, OptionPath } from './codec';

type DescribedKey = keyof ConfigFile | OptionPath;

/** What each config key does, in the words of the original's README; the JSON Schema carries them. */
export const KEY_DESCRIPTIONS: Readonly<Record<DescribedKey, string>> = {
  serviceName: 'The D-Bus service name to publish the aggregate as; it is never aggregated itself.',
  excludedServices: 'Battery services not to aggregate, e.g. a shunt.',
  primaryServices:
    'Services whose paths take precedence over the aggregate (post-merge): a list (all paths) or a map of service to paths ([] = all).',
  auxiliaryServices:
    'Services whose paths fill in what the aggregate lacks (pre-merge): a list (all paths) or a map of service to paths ([] = all).',
  capacity: 'Installed capacity in Ah, when the batteries do not report it.',
  virtualBatteries:
    'Virtual batteries to publish, each merged from its members (e.g. a BMS and a shunt in series): service name -> list of members, or member -> paths ([] = all).',
  currentRatioMethod: 'How the charge current limit is shared between batteries: by internal resistance, by capacity, or equally.',
  cclMode: 'Where the charge current limit comes from: the batteries capped by DVCC, the batteries only, or DVCC only.',
  cvlMode: 'How the charge voltage limit is chosen from the batteries (or DVCC).',
  logLevel: 'The log level at start; /LogLevel on D-Bus changes it at run time.',
  reconnectTimeout: 'Seconds a vanished battery may take to come back before it is dropped from the aggregate.',
  startupBatteryWait: 'Seconds to wait at start for a battery reporting a voltage before registering; after it, registers anyway.',
  ir: 'Internal resistance estimation (currentRatioMethod "ir").',
  'ir.maxPercentageError': 'Largest relative error (error / R; 0.1 = 10 %) of a resistance fit that is still accepted.',
  'ir.minVoltageChange': 'Smallest voltage change (V) from the last kept sample for a new resistance sample.',
  cellVoltageGuard:
    'Cell over-voltage guard (absent = off): while any battery\'s /System/MaxCellVoltage is above maxCellVoltage, the CVL is held at most at the bank voltage and lowered.',
  'cellVoltageGuard.maxCellVoltage': 'Cell voltage (V) above which the guard holds the CVL down, e.g. 3.55 for LiFePO4.',
  'cellVoltageGuard.hysteresis': 'The guard releases only once every cell is this much (V) below maxCellVoltage (default 0.05).',
  'cellVoltageGuard.releaseTime': 'Seconds every cell must stay below maxCellVoltage minus the hysteresis before the normal CVL returns (default 60).',
  'cellVoltageGuard.lowerRate': 'How fast (V/s) the held CVL is lowered while a cell stays above maxCellVoltage (default 0.005).',
  limitSmoothing: 'Limit smoothing (absent = off): increases of CCL and DCL ramp at rampRate; decreases apply at once.',
  'limitSmoothing.rampRate': 'How fast (A/s) a rising CCL or DCL may climb (default 2).',
};
