/**
 * The data of one simulated battery, shared by the model (`batteryModel.ts`), its BMS (`bms.ts`), its cells
 * and what it publishes (`batteryReadings.ts`); a file of its own so those import it one way.
 */

/** Modes as serialbattery reports them. */
export type ChargeMode = 'Bulk' | 'Absorption' | 'Float';

export interface BatteryParams {
  readonly capacityAh: number;
  readonly resistanceOhm: number;
  readonly cells: number;
  /** How far the cells' state of charge strays from the pack's (0.01 = up to ±1 %). */
  readonly cellSpread: number;
  readonly ambientC: number;
}

export interface BatteryState {
  readonly params: BatteryParams;
  /** State of charge 0..1, by coulomb counting. */
  readonly soc: number;
  readonly temperatureC: number;
  /** The current of the last step, positive = charging. */
  readonly currentA: number;
  /** Measurement noise on the pack voltage. */
  readonly voltageNoiseV: number;
  readonly chargeMode: ChargeMode;
  readonly allowCharge: boolean;
  readonly allowDischarge: boolean;
  /** Fixed per cell (shared between states): offsets from the pack's state of charge and temperature. */
  readonly cellSocOffsets: readonly number[];
  readonly cellTemperatureOffsets: readonly number[];
  /** A cell whose voltage runs away, held at `voltage` whatever its charge (the simulator's `--runaway-cell`). */
  readonly runaway: RunawayCell | null;
  /** The most (A) the BMS asks to charge with, below its own curve (a derating BMS; tests step the CCL with it); absent: none. */
  readonly chargeLimitCap?: number | null;
}

export interface RunawayCell {
  /** The cell's index from 0. */
  readonly cell: number;
  readonly voltage: number;
}
