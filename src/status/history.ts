/**
 * The status page's plots: the last 24 h downsampled into fixed-size rings, so memory is bounded whatever the
 * uptime. Samples are averaged into buckets (one point per `bucketSeconds`); the rings share one clock (each
 * bucket's time), each series has its own column of values, NaN where it had none. Pure: time is passed in.
 */

/** The bank's series, in this order in every answer. */
export const BANK_SERIES = ['voltage', 'current', 'soc', 'ccl', 'dcl', 'cvl'] as const;
export type BankSeries = (typeof BANK_SERIES)[number];

export interface HistoryOptions {
  /** Points kept per series: 1440 x 60 s = 24 h. */
  readonly capacity: number;
  readonly bucketSeconds: number;
  /** Batteries kept at most: a new one beyond this replaces the one seen longest ago. */
  readonly maxBatteries: number;
}

export const HISTORY_DEFAULTS: HistoryOptions = { capacity: 1440, bucketSeconds: 60, maxBatteries: 32 };

/** One sample: the bank's values and each battery's current (`null` = not known now). */
export interface HistorySample {
  readonly bank: Readonly<Record<BankSeries, number | null>>;
  readonly batteries: ReadonlyMap<string, number | null>;
}

/** The page's view: bucket times (s since the epoch) and a column per series, `null` where nothing was known. */
export interface HistorySeries {
  readonly bucketSeconds: number;
  readonly times: number[];
  readonly bank: Record<BankSeries, Array<number | null>>;
  readonly batteries: Record<string, Array<number | null>>;
}

/** A column: committed values in the ring, and the mean of the bucket being filled. */
class Column {
  readonly values: Float32Array;
  sum = 0;
  count = 0;
  lastSeen = -Infinity;
  constructor(capacity: number) {
    this.values = new Float32Array(capacity).fill(NaN);
  }
  add(value: number | null, time: number): void {
    if (value === null || !Number.isFinite(value)) return;
    this.sum += value;
    this.count++;
    this.lastSeen = time;
  }
  /** The open bucket's mean, NaN when it had no value. */
  mean(): number {
    return this.count === 0 ? NaN : this.sum / this.count;
  }
  commit(slot: number): void {
    this.values[slot] = this.mean();
    this.sum = 0;
    this.count = 0;
  }
}

export class History {
  private readonly times: Float64Array;
  /** Next slot to write; `length` slots before it (wrapping) hold committed buckets. */
  private head = 0;
  private length = 0;
  /** The bucket being filled (its start time), or null before the first sample. */
  private open: number | null = null;
  private readonly bank: Record<BankSeries, Column>;
  private readonly batteries = new Map<string, Column>();

  constructor(readonly options: HistoryOptions = HISTORY_DEFAULTS) {
    this.times = new Float64Array(options.capacity);
    this.bank = Object.fromEntries(BANK_SERIES.map((name) => [name, new Column(options.capacity)])) as Record<BankSeries, Column>;
  }

  /** Adds a sample taken at `time` (s): into the open bucket, or closes it and opens the sample's one. */
  record(time: number, sample: HistorySample): void {
    const bucket = Math.floor(time / this.options.bucketSeconds) * this.options.bucketSeconds;
    if (this.open !== null && bucket > this.open) this.commit();
    if (this.open === null || bucket > this.open) this.open = bucket;
    for (const name of BANK_SERIES) this.bank[name].add(sample.bank[name], time);
    for (const [service, current] of sample.batteries) this.columnOf(service, time).add(current, time);
  }

  /** Every kept bucket, oldest first, then the open one (so a fresh page has a point at once). */
  series(): HistorySeries {
    const { capacity } = this.options;
    const start = (this.head - this.length + capacity) % capacity;
    const slots = Array.from({ length: this.length }, (_, i) => (start + i) % capacity);
    const column = (c: Column) => [...slots.map((slot) => shown(c.values[slot]!)), ...(this.open === null ? [] : [shown(c.mean())])];
    return {
      bucketSeconds: this.options.bucketSeconds,
      times: [...slots.map((slot) => this.times[slot]!), ...(this.open === null ? [] : [this.open])],
      bank: Object.fromEntries(BANK_SERIES.map((name) => [name, column(this.bank[name])])) as HistorySeries['bank'],
      batteries: Object.fromEntries([...this.batteries].sort(([a], [b]) => (a < b ? -1 : 1)).map(([service, c]) => [service, column(c)])),
    };
  }

  private commit(): void {
    const slot = this.head;
    this.times[slot] = this.open!;
    for (const name of BANK_SERIES) this.bank[name].commit(slot);
    for (const c of this.batteries.values()) c.commit(slot);
    this.head = (slot + 1) % this.options.capacity;
    this.length = Math.min(this.length + 1, this.options.capacity);
  }

  /** A battery's column, created when it first appears; past the bound, the one seen longest ago gives way. */
  private columnOf(service: string, time: number): Column {
    let c = this.batteries.get(service);
    if (c !== undefined) return c;
    if (this.batteries.size >= this.options.maxBatteries) {
      let oldest: string | null = null;
      for (const [name, other] of this.batteries) if (oldest === null || other.lastSeen < this.batteries.get(oldest)!.lastSeen) oldest = name;
      this.batteries.delete(oldest!);
    }
    c = new Column(this.options.capacity);
    c.lastSeen = time;
    this.batteries.set(service, c);
    return c;
  }
}

/** Float32 to what the page shows: 4 significant decimals are more than any plot resolves, and half the JSON. */
function shown(value: number): number | null {
  return Number.isNaN(value) ? null : Math.round(value * 1000) / 1000;
}
