import type { Value } from '../battery/value';

export interface BankRow {
  readonly id: string;
  /** One value per column, in the order of the fold's paths. */
  readonly values: Value[];
}

/**
 * The latest value of a few paths for every battery of a bank: one row per battery, kept sorted by id so
 * every reduction visits batteries in the same order whatever order they joined in (a bank after a
 * restart must give the same outputs as a fresh start).
 */
export class BankTable {
  readonly rows: BankRow[] = [];

  constructor(readonly width: number) {}

  get size(): number {
    return this.rows.length;
  }

  /** Adds a row of invalid values at its sorted place. */
  insert(id: string): BankRow {
    const row: BankRow = { id, values: new Array<Value>(this.width).fill(null) };
    let at = this.rows.length;
    while (at > 0 && this.rows[at - 1]!.id > id) at--;
    this.rows.splice(at, 0, row);
    return row;
  }

  remove(row: BankRow): void {
    const at = this.rows.indexOf(row);
    if (at >= 0) this.rows.splice(at, 1);
  }
}
