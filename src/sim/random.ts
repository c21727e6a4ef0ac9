/**
 * A tiny seeded PRNG (mulberry32) kept as a plain 32-bit number, so model states stay plain data and a
 * run is reproducible from its seed. Advance the state, then read a float from it.
 */
export function advance(state: number): number {
  return (state + 0x6d2b79f5) | 0;
}

/** The float in [0, 1) of an (already advanced) state. */
export function unitFloat(state: number): number {
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

/** A stateful generator for setup code; `state()` hands the position back to a model state. */
export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** A float in [-1, 1). */
  signed(): number;
  state(): number;
}

export function seededRandom(seed: number): Random {
  let s = seed | 0;
  const next = () => unitFloat((s = advance(s)));
  return { next, signed: () => next() * 2 - 1, state: () => s };
}
