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
  socMode:
    'How /Soc is made from the batteries: weighted by each battery\'s installed capacity ("capacity"; the plain mean while one has no capacity), or the plain mean ("mean", the original).',
  timeToGoMode:
    'How /TimeToGo is made: the bank\'s remaining Ah over its discharge current, invalid while charging or at rest ("bank"), or the mean of the batteries\' values ("mean", the original).',
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
  limitSmoothing:
    'Limit smoothing (absent = off): increases of /Info/MaxChargeCurrent and /Info/MaxDischargeCurrent ramp at rampRate, decreases apply at once; never above the limit the rules give.',
  'limitSmoothing.rampRate': 'How fast (A/s) a rising current limit may climb, in steps at most once a second (default 2).',
  statusPage:
    'The live status page (absent = off): the daemon serves the bank, every battery and plots of the last 24 h over HTTP, read-only.',
  'statusPage.listen': 'Where the page listens, as HOST:PORT (default "0.0.0.0:8089", every interface; "127.0.0.1:8089" for this machine only).',
  mixedVoltage:
    'Mixed nominal voltages: a battery whose /Dc/0/Voltage is more than maxDeviation off the bank\'s (the median of the batteries\' voltages) is left out of every output until it matches again.',
  'mixedVoltage.mode': '"exclude" (default): leave such a battery out of every output, with a warning naming it; "off": aggregate it, as the original.',
  'mixedVoltage.maxDeviation': 'Largest relative difference from the bank\'s voltage (0.2 = 20 %; a 25.6 V pack among 51.2 V ones is 50 % off).',
  'mixedVoltage.settleTime': 'Seconds a left-out battery\'s voltage must match the bank\'s before it is aggregated again (default 10).',
  doubleCountedShunt:
    'A shunt counted twice: a battery whose /Dc/0/Current has matched the sum of the other aggregated batteries\' for duration (it measures the whole bank) is named in one warning with the config that fixes it; outputs are unchanged. Needs at least 3 aggregated batteries.',
  'doubleCountedShunt.mode': '"warn" (default): watch the currents and warn once per such battery; "off": watch nothing.',
  'doubleCountedShunt.tolerance': 'Largest difference between the battery\'s current and the others\' sum, as a fraction of that sum (default 0.05 = 5 %; at least minCurrent / 4 A).',
  'doubleCountedShunt.minCurrent': 'Amps the others\' sum must reach for a match to count, so an idle bank never matches (default 2).',
  'doubleCountedShunt.duration': 'Seconds the currents must match without a break before the warning (default 60).',
  ownSoc:
    'An own SoC counter (absent = off): counts the bank current from the capacity-weighted SoC, publishes /Soc and /ConsumedAmphours, resets to 100 % when the bank is full.',
  'ownSoc.chargeEfficiency': 'Share of the charge current that is stored (0..1]; discharge counts in full.',
  'ownSoc.floatResets': 'Reset to 100 % when every connected battery enters a Float charge mode (not all the while they stay in it).',
  'ownSoc.fullVoltageMargin': 'Volts below the published charge voltage limit within which the bank counts as at its charge voltage.',
  'ownSoc.tailCurrent': 'Charge current (A) below which a bank at its charge voltage counts as full.',
  'ownSoc.holdTime': 'Seconds the voltage and tail current rule must hold before the counter resets to 100 %.',
  'ownSoc.maxStateAge': 'Seconds after which a stored counter state is too old to resume and is discarded.',
};
