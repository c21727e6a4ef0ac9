import { asapScheduler, defer, map, type OperatorFunction, type SchedulerLike } from 'rxjs';
import type { Bank } from '../../battery/bank';
import type { Value } from '../../battery/value';
import type { BankRow } from '../bankTable';
import { endOfInstant } from '../endOfInstant';
import { foldBank } from '../foldBank';
import { EMF_PATH, RESISTANCE_PATH } from './measuredBank';

/** Everything the limits depend on, for one battery; numbers are finite or `null`. */
export interface BatteryLimitInputs {
  readonly id: string;
  readonly chargeLimit: number | null;
  readonly dischargeLimit: number | null;
  /** `/Io/AllowToCharge`; `null` (absent or invalid) counts as allowed. */
  readonly allowCharge: number | null;
  readonly allowDischarge: number | null;
  readonly capacity: number | null;
  readonly resistance: number | null;
  readonly emf: number | null;
  readonly chargeVoltage: number | null;
  readonly chargeMode: string | null;
  readonly balancing: number | null;
}

/** The batteries' inputs at one moment, sorted by id (aligned with `/System/Batteries`). */
export type BankLimitInputs = readonly BatteryLimitInputs[];

const PATHS = [
  '/Info/MaxChargeCurrent',
  '/Info/MaxDischargeCurrent',
  '/Io/AllowToCharge',
  '/Io/AllowToDischarge',
  '/InstalledCapacity',
  RESISTANCE_PATH,
  EMF_PATH,
  '/Info/MaxChargeVoltage',
  '/Info/ChargeMode',
  '/Balancing',
] as const;

/**
 * A snapshot of every battery's limit inputs after the changes of an instant (values, joins, leaves). Read
 * from a bank that went through `withMeasuredResistance`, or resistances and EMFs stay `null`. The fold
 * only marks each change; the snapshot is taken once when `scheduler` ends the instant, since a driver's
 * signal changes several inputs at once.
 */
export function limitInputs(scheduler: SchedulerLike = asapScheduler): OperatorFunction<Bank, BankLimitInputs> {
  return (bank$) =>
    defer(() => {
      const snapshot = rowSnapshots();
      return bank$.pipe(
        foldBank(PATHS, (table) => ({ table })), // a new mark per change: the fold emits each one
        endOfInstant(scheduler),
        map(({ table }) => table.rows.map(snapshot)),
      );
    });
}

/**
 * A battery's inputs from its row, as a new object only when one of its values changed since the last
 * snapshot: a signal changes one battery, and the others' objects are taken over as they were.
 */
function rowSnapshots(): (row: BankRow) => BatteryLimitInputs {
  const last = new WeakMap<BankRow, { readonly values: Value[]; readonly inputs: BatteryLimitInputs }>();
  return (row) => {
    const known = last.get(row);
    if (known && sameValues(known.values, row.values)) return known.inputs;
    const inputs = batteryInputs(row);
    last.set(row, { values: row.values.slice(), inputs });
    return inputs;
  };
}

function sameValues(a: readonly Value[], b: readonly Value[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function batteryInputs({ id, values }: BankRow): BatteryLimitInputs {
  const [ccl, dcl, allowCharge, allowDischarge, capacity, resistance, emf, cvl, mode, balancing] = values;
  return {
    id,
    chargeLimit: finite(ccl),
    dischargeLimit: finite(dcl),
    allowCharge: finite(allowCharge),
    allowDischarge: finite(allowDischarge),
    capacity: finite(capacity),
    resistance: finite(resistance),
    emf: finite(emf),
    chargeVoltage: finite(cvl),
    chargeMode: typeof mode === 'string' ? mode : null,
    balancing: finite(balancing),
  };
}

function finite(value: Value | undefined): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}
