/** LiFePO4 cell chemistry: the resting voltage curve and the voltages a BMS acts on. */

// Resting cell voltage by state of charge: steep below 20 %, flat 3.25-3.32 V to 90 %, a knee up to full.
const SOC_POINTS = [0, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.98, 1];
const OCV_POINTS = [2.9, 3.05, 3.18, 3.25, 3.265, 3.28, 3.29, 3.3, 3.305, 3.31, 3.32, 3.34, 3.38, 3.45];

/** Open-circuit voltage of one cell at a state of charge 0..1 (clamped), linearly interpolated. */
export function cellOcv(soc: number): number {
  if (soc <= 0) return OCV_POINTS[0]!;
  if (soc >= 1) return OCV_POINTS[OCV_POINTS.length - 1]!;
  let i = 1;
  while (SOC_POINTS[i]! < soc) i++;
  const s0 = SOC_POINTS[i - 1]!;
  const v0 = OCV_POINTS[i - 1]!;
  return v0 + ((OCV_POINTS[i]! - v0) * (soc - s0)) / (SOC_POINTS[i]! - s0);
}

export const CELL_VOLTAGE = {
  /** Charge voltage per cell in bulk and absorption (55.2 V for 16 cells). */
  absorption: 3.45,
  /** Charge voltage per cell in float (53.6 V for 16 cells). */
  float: 3.35,
  /** BatteryLowVoltage per cell (46.4 V for 16 cells). */
  low: 2.9,
  /** Warning and alarm levels. */
  lowWarning: 3.0,
  lowAlarm: 2.9,
  highWarning: 3.55,
  highAlarm: 3.6,
} as const;
