import { createBank, stepBank, type BankOptions, type BankState, type CyclePhase } from '../sim/bankModel';
import type { BatteryState } from '../sim/batteryState';
import type { PathValues, Recording } from './format';
import { RecordingBuilder } from './recordingBuilder';
import { bmsPaths, settingsPaths, shuntPaths, systemPaths } from './modelServices';
import { SETTINGS_SERVICE, SYSTEM_SERVICE } from '../battery/dvcc';

/**
 * The recordings shipped in `streams/`, written from the simulator's models in virtual time. Each is
 * compressed: one recorded second per sample, `secondsPerSample` simulated seconds apart, so a whole
 * cycle fits in a few hundred lines per battery. Deterministic: the same code writes the same bytes.
 */
export interface Scenario {
  readonly name: string;
  readonly description: string;
  /** The aggregator config the golden test runs it with (streams/<name>.config.json), if not the defaults. */
  readonly config?: Readonly<Record<string, unknown>>;
  record(): Recording;
}

const START = new Date('2026-06-01T08:00:00.000Z');
const SAMPLE_MS = 1000;
const bmsName = (number: number) => `com.victronenergy.battery.ttyUSB${number - 1}`;
const SHUNT = 'com.victronenergy.battery.ttyS5';
const OWN_SOC_SAMPLES = 500;

/** A bank whose packs all share one resistance and state of charge (their cells still differ). */
function alike(bank: BankState, resistanceOhm: number, soc: number): BankState {
  return { ...bank, batteries: bank.batteries.map((b) => ({ ...b, soc, params: { ...b.params, resistanceOhm } })) };
}

function withBattery(bank: BankState, index: number, change: (battery: BatteryState) => BatteryState): BankState {
  return { ...bank, batteries: bank.batteries.map((b, i) => (i === index ? change(b) : b)) };
}

function dvccServices(maxChargeCurrentA?: number) {
  return { [SYSTEM_SERVICE]: systemPaths(true), [SETTINGS_SERVICE]: settingsPaths(maxChargeCurrentA) };
}

/**
 * Every BMS of the bank, sampled `samples` times; `each` may change other services or the bus at a sample.
 * Samples are `sampleMs` of recorded time apart: one second (compressed) unless the recording keeps real time.
 */
function recordBank(
  start: BankState,
  samples: number,
  secondsPerSample: number,
  extra: Readonly<Record<string, PathValues>> = dvccServices(),
  each?: (sample: number, t: number, bank: BankState, builder: RecordingBuilder) => void,
  sampleMs = SAMPLE_MS,
): Recording {
  let bank = start;
  const initial = { ...extra, ...Object.fromEntries(bank.batteries.map((b, i) => [bmsName(i + 1), bmsPaths(i + 1, b)])) };
  const builder = new RecordingBuilder(START, initial);
  for (let sample = 1; sample <= samples; sample++) {
    const t = sample * sampleMs;
    bank = stepBank(bank, secondsPerSample);
    each?.(sample, t, bank, builder);
    bank.batteries.forEach((battery, i) => {
      if (builder.isPresent(bmsName(i + 1))) builder.update(t, bmsName(i + 1), bmsPaths(i + 1, battery));
    });
  }
  return builder.build();
}

/** A new bank, settled for a second so the bus voltage and currents are those of a running system. */
function bank(capacities: number[], options: BankOptions, phase: CyclePhase = 'discharge'): BankState {
  return stepBank({ ...createBank(capacities, { timeScale: 1, ...options }), phase }, 1);
}

export const SCENARIOS: readonly Scenario[] = [
  {
    name: 'two-identical-full-cycle',
    description: 'two identical 200 Ah packs from 60 % down to 20 %, bulk, absorption, float and back to discharge; 1 s = 1 min',
    record: () => recordBank(alike(bank([200, 200], { seed: 11 }), 0.004, 0.6), 440, 60),
  },
  {
    name: 'three-ir-long-discharge',
    description: '100, 200 and 280 Ah packs of different internal resistance through a 2.25 h discharge under a load switching about every minute; 1 s = 15 s',
    record: () =>
      recordBank(bank([100, 200, 280], { seed: 23, initialSoc: 0.85, profile: { dischargeC: 0.2, loadHoldS: 60, lowSoc: 0.12 } }), 540, 15),
  },
  {
    name: 'bms-and-shunt',
    description: 'two 200 Ah BMS packs and a SmartShunt measuring the whole bank (excluded by config), DVCC on with a 150 A user limit; 1 s = 1 min',
    config: { excludedServices: [SHUNT] },
    record: () => {
      const start = bank([200, 200], { seed: 37, initialSoc: 0.45 });
      let shuntSoc = 45;
      const extra = { ...dvccServices(150), [SHUNT]: shuntPaths(start, shuntSoc, 0.01) };
      return recordBank(start, 300, 60, extra, (_, t, now, builder) => {
        shuntSoc = Math.min(100, Math.max(0, shuntSoc + ((now.currentA * 60) / 3600 / now.installedAh) * 100));
        builder.update(t, SHUNT, shuntPaths(now, shuntSoc, 0.01));
      });
    },
  },
  {
    name: 'dropout-with-alarms',
    description:
      'three 200 Ah packs in a deep discharge: pack 2 loses its BMS link for 40 s and returns, a hot pack 3 raises charge-temperature warnings, low SoC and cell voltage alarms near empty; 1 s = 1 min',
    record: () => {
      const hot = withBattery(bank([200, 200, 200], { seed: 41, initialSoc: 0.4, profile: { lowSoc: 0.04, dischargeC: 0.3 } }), 2, (b) => ({
        ...b,
        temperatureC: 46.5,
        params: { ...b.params, ambientC: 46.5 },
      }));
      return recordBank(hot, 260, 60, dvccServices(), (sample, t, now, builder) => {
        if (sample === 60) builder.vanish(t, bmsName(2));
        if (sample === 100) builder.appear(t, bmsName(2), bmsPaths(2, now.batteries[1]!));
      });
    },
  },
  {
    name: 'float-balancing',
    description:
      'two 280 Ah packs from 90 % through bulk, absorption and a long float with balancing; the owner sets a 55.0 V DVCC limit halfway; 1 s = 30 s',
    record: () => {
      const start = bank([280, 280], { seed: 53, initialSoc: 0.9, profile: { floatS: 7200 } }, 'bulk');
      return recordBank(start, 480, 30, dvccServices(), (sample, t, _now, builder) => {
        if (sample === 240) builder.update(t, SETTINGS_SERVICE, settingsPaths(-1, 55));
      });
    },
  },
  {
    name: 'own-soc-cycle',
    description:
      'a 100 Ah and a 280 Ah pack from 50 % down to 30 %, bulk, absorption, float and back to discharge, in real time (a sample every 20 s), so an own SoC counter counts what the packs did; run with ownSoc on',
    config: { ownSoc: {} },
    record: () =>
      recordBank(
        bank([100, 280], { seed: 61, initialSoc: 0.5, profile: { dischargeC: 0.5, lowSoc: 0.3, bulkC: 0.5, floatS: 900, maxAbsorptionS: 1800 } }),
        OWN_SOC_SAMPLES,
        20,
        dvccServices(),
        undefined,
        20_000,
      ),
  },
];
