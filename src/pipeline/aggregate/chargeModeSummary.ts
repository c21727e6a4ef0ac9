import type { OperatorFunction } from 'rxjs';
import type { Bank } from '../../battery/bank';
import type { Value } from '../../battery/value';
import { foldBank } from '../foldBank';
import type { BankTable } from '../bankTable';

const PHASES = [
  ['float', 'Float'],
  ['absorption', 'Absorption'],
  ['bulk', 'Bulk'],
] as const;

/**
 * One charge mode for the bank from each battery's `/Info/ChargeMode` text (case-insensitive substring):
 * 1. all batteries in float -> `Float`, some -> `Float Transition`;
 * 2. else all in absorption -> `Absorption`, some -> `Absorption Transition`;
 * 3. else all in bulk -> `Bulk`, some -> `Bulk Transition`;
 * 4. else `Charging`; invalid when no battery reports a mode.
 *
 * @example
 * // "Float", "Absorption 2h" -> "Float Transition"
 * bank$.pipe(chargeModeSummary())
 */
export function chargeModeSummary(path = '/Info/ChargeMode'): OperatorFunction<Bank, Value> {
  return foldBank([path], summarize);
}

function summarize(table: BankTable): Value {
  const modes: string[] = [];
  for (const row of table.rows) {
    const mode = row.values[0];
    if (typeof mode === 'string') modes.push(mode.toLowerCase());
  }
  if (modes.length === 0) return null;
  for (const [needle, name] of PHASES) {
    const matching = modes.filter((mode) => mode.includes(needle)).length;
    if (matching === modes.length) return name;
    if (matching > 0) return `${name} Transition`;
  }
  return 'Charging';
}
