import type { BankTable } from '../bankTable';

/** Reductions over one column of a bank table, shared by the per-path operators. Invalid values are skipped. */

export function sumOfColumn(table: BankTable, column: number): number {
  let sum = 0;
  for (const row of table.rows) {
    const value = row.values[column];
    if (typeof value === 'number') sum += value;
  }
  return sum;
}

export function validCountOfColumn(table: BankTable, column: number): number {
  let count = 0;
  for (const row of table.rows) if (typeof row.values[column] === 'number') count++;
  return count;
}

/** Index of the row holding the smallest (or largest) valid number; the first one on ties; -1 when none. */
export function extremeRowOfColumn(table: BankTable, column: number, extreme: 'min' | 'max'): number {
  let best = -1;
  let bestValue = 0;
  const rows = table.rows;
  for (let i = 0; i < rows.length; i++) {
    const value = rows[i]!.values[column];
    if (typeof value !== 'number') continue;
    if (best < 0 || (extreme === 'min' ? value < bestValue : value > bestValue)) {
      best = i;
      bestValue = value;
    }
  }
  return best;
}
