/** Parsing of numeric command-line options, with messages that name the option. */

export interface NumberLimits {
  readonly min?: number;
  readonly max?: number;
  readonly integer?: boolean;
}

export function parseNumberOption(name: string, text: string | undefined, limits: NumberLimits = {}): number {
  const value = Number(text);
  if (text === undefined || text.trim() === '' || !Number.isFinite(value)) throw new Error(`${name}: expected a number, got ${JSON.stringify(text)}`);
  if (limits.integer && !Number.isInteger(value)) throw new Error(`${name}: expected a whole number, got ${text}`);
  if (limits.min !== undefined && value < limits.min) throw new Error(`${name}: expected at least ${limits.min}, got ${text}`);
  if (limits.max !== undefined && value > limits.max) throw new Error(`${name}: expected at most ${limits.max}, got ${text}`);
  return value;
}

/** `3.6` or `3.6:2`: a number for one pack, by its number from 1 (`simN`); `pack` when the text names none. */
export function parsePackOption(name: string, text: string, count: number, pack: number, limits: NumberLimits): { value: number; index: number } {
  const [value, number, ...rest] = text.split(':');
  if (rest.length > 0) throw new Error(`${name}: expected V or V:PACK, got ${JSON.stringify(text)}`);
  const index = number === undefined ? pack : parseNumberOption(`${name} pack`, number, { min: 1, max: count, integer: true });
  return { value: parseNumberOption(name, value, limits), index: index - 1 };
}

/** `200` or `100,200,280`: Ah per battery, repeated cyclically over the batteries. */
export function parseCapacities(text: string | undefined): number[] {
  const parts = (text ?? '').split(',');
  return parts.map((part) => parseNumberOption('--capacity', part.trim(), { min: 1, max: 100000 }));
}
