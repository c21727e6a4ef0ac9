import type { WireType } from '../bus/busValue';

/** One path a benchmark battery publishes, and how its value moves from one tick to the next. */
export interface BenchPath {
  readonly path: string;
  readonly type: WireType;
  /** The value at tick `tick` of battery number `battery`; differs from the previous tick's. */
  value(tick: number, battery: number): number;
}

/** The current moves every tick by a step that never cancels out across batteries, so the bank's sum always changes. */
export const MARKER_PATH = '/Dc/0/Current';

const wave = (base: number, step: number, period: number) => (tick: number, battery: number) =>
  base + step * ((tick + battery) % period);

/** Paths the aggregator folds, in the order a benchmark battery takes them. */
const AGGREGATED: BenchPath[] = [
  { path: MARKER_PATH, type: 'd', value: (tick, battery) => 10 + 0.7 * ((tick + battery) % 97) },
  { path: '/Dc/0/Voltage', type: 'd', value: wave(52, 0.01, 50) },
  { path: '/Dc/0/Power', type: 'd', value: wave(520, 1, 200) },
  { path: '/Dc/0/Temperature', type: 'd', value: wave(20, 0.1, 30) },
  { path: '/Soc', type: 'd', value: wave(50, 0.1, 400) },
  { path: '/TimeToGo', type: 'd', value: wave(36000, 10, 100) },
  { path: '/Capacity', type: 'd', value: wave(100, 0.1, 100) },
  { path: '/ConsumedAmphours', type: 'd', value: wave(-50, 0.1, 100) },
  { path: '/Info/MaxChargeCurrent', type: 'd', value: wave(100, 1, 10) },
  { path: '/Info/MaxDischargeCurrent', type: 'd', value: wave(150, 1, 10) },
  { path: '/Info/MaxChargeVoltage', type: 'd', value: wave(55.2, 0.01, 10) },
  { path: '/Info/BatteryLowVoltage', type: 'd', value: wave(46, 0.01, 10) },
  { path: '/System/MinCellVoltage', type: 'd', value: wave(3.25, 0.001, 40) },
  { path: '/System/MaxCellVoltage', type: 'd', value: wave(3.3, 0.001, 40) },
  { path: '/System/MinCellTemperature', type: 'd', value: wave(18, 0.1, 30) },
  { path: '/System/MaxCellTemperature', type: 'd', value: wave(22, 0.1, 30) },
  { path: '/System/NrOfModulesOnline', type: 'i', value: wave(1, 1, 2) },
  { path: '/System/NrOfModulesBlockingCharge', type: 'i', value: wave(0, 1, 2) },
  { path: '/Io/AllowToCharge', type: 'i', value: (tick, battery) => ((tick + battery) % 50 === 0 ? 0 : 1) },
  { path: '/Alarms/LowVoltage', type: 'i', value: wave(0, 1, 3) },
];

/** Per-cell paths a BMS driver publishes and the aggregator does not fold: they cost parsing only. */
const cellPath = (n: number): BenchPath => ({
  path: `/Voltages/Cell${n}`,
  type: 'd',
  value: (tick, battery) => 3.2 + 0.001 * ((tick + battery + n) % 100),
});

/** `count` paths that all change every tick: the folded ones first, then per-cell ones. */
export function benchPaths(count: number): BenchPath[] {
  const paths = AGGREGATED.slice(0, count);
  for (let n = 1; paths.length < count; n++) paths.push(cellPath(n));
  return paths;
}
