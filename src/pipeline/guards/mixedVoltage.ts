import { Observable, Subscription, asapScheduler, type OperatorFunction, type SchedulerLike } from 'rxjs';
import type { Bank, Battery } from '../../battery/bank';
import type { Value } from '../../battery/value';
import { observeValues } from '../../rx/latestValue';

/** `mixedVoltage` of the config while it is on, as plain numbers (the brands are checked when the file is read). */
export interface MixedVoltageOptions {
  /** Largest relative difference from the bank's reference voltage (0.2 = 20 %). */
  readonly maxDeviation: number;
  /** Seconds an excluded battery's voltage must match before it joins again. */
  readonly settleTime: number;
}

/** Why a battery is left out: its voltage and the bank's reference when it was. */
export interface Exclusion {
  readonly voltage: number;
  readonly reference: number;
}

export interface MixedVoltageNote {
  readonly level: 'warn' | 'info';
  readonly text: string;
}

/** The bank as the guard lets it through. */
export interface MixedVoltageView {
  /** The bank without the excluded batteries: the input bank itself while none is. */
  readonly bank: Bank;
  /** The batteries left out, by id. */
  readonly excluded: ReadonlyMap<string, Exclusion>;
  /** What changed with this view, for the log: a battery left out or joining again. */
  readonly notes: readonly MixedVoltageNote[];
}

/** A battery as the guard judges it; `new` until its first valid voltage (included, but not an incumbent). */
export interface Judged {
  readonly voltage: number;
  readonly state: 'new' | 'in' | 'out';
}

/**
 * Where the bank's reference voltage is among its batteries' valid voltages, sorted ascending (-1: none): the median,
 * so one odd pack cannot move it. With an even count whose two middle voltages disagree (two batteries, or two equal
 * groups) there is no majority (`noMajority`): the side already aggregated stays; when both or neither are, the lower
 * one, since a CVL meant for the higher pack would overcharge the lower, while the lower's CVL only keeps the higher
 * from charging.
 */
export function referenceIndex(sorted: readonly Judged[], maxDeviation: number): number {
  const n = sorted.length;
  if (n === 0) return -1;
  if (n % 2 === 1) return (n - 1) / 2;
  const low = n / 2 - 1;
  if (!noMajority(sorted, maxDeviation)) return low;
  return sorted[low + 1]!.state === 'in' && sorted[low]!.state !== 'in' ? low + 1 : low;
}

/** True when the two middle voltages of an even count disagree. */
export function noMajority(sorted: readonly Judged[], maxDeviation: number): boolean {
  const n = sorted.length;
  return n > 0 && n % 2 === 0 && deviates(sorted[n / 2]!.voltage, sorted[n / 2 - 1]!.voltage, maxDeviation);
}

/** True when `voltage` is more than `maxDeviation` (relative) away from `reference`. */
export function deviates(voltage: number, reference: number, maxDeviation: number): boolean {
  return Math.abs(voltage - reference) > maxDeviation * reference;
}

interface Member {
  readonly battery: Battery;
  voltage: number;
  /** False while its voltage is invalid: not judged. */
  valid: boolean;
  state: 'new' | 'in' | 'out';
  exclusion: Exclusion | null;
  /** The settle timer of an excluded battery whose voltage matches again. */
  rejoin: Subscription | null;
  readonly subscription: Subscription;
}

/**
 * Leaves out of the bank every battery whose `/Dc/0/Voltage` is more than `maxDeviation` away from the bank's
 * reference (`referenceIndex`), so a 25.6 V pack a discovery rule adds to 51.2 V ones reaches no output.
 *
 * 1. A battery is left out as soon as its voltage deviates (also when it joins so); it joins again once its voltage
 *    has matched for `settleTime` seconds (a timer on `scheduler`, cancelled when it deviates again).
 * 2. A battery without a valid voltage (invalid, 0 or less) is not judged: it keeps its state (a new one is in).
 * 3. Emits a view per input bank, and per voltage change only when the excluded set changes; the view's bank is the
 *    input bank itself while none is excluded.
 *
 * Only `/Dc/0/Voltage` is followed: other paths cost nothing. A voltage change moves its battery to its place in a
 * sorted array kept between changes (a step or two) and, while none is left out, compares only the lowest and the
 * highest voltage with the median: no allocation, a few comparisons.
 */
export function mixedVoltage(options: MixedVoltageOptions, scheduler: SchedulerLike = asapScheduler): OperatorFunction<Bank, MixedVoltageView> {
  return (bank$) =>
    new Observable<MixedVoltageView>((subscriber) => {
      const members = new Map<string, Member>();
      const sorted: Member[] = [];
      let bank: Bank = new Map();
      let view: MixedVoltageView | null = null;
      let settling = 0;
      let notes: MixedVoltageNote[] = [];
      // members left out: while none is, a voltage change that keeps the extremes in the band ends early
      let outCount = 0;

      const emit = (bankChanged: boolean) => {
        if (settling > 0) return;
        if (!bankChanged && notes.length === 0 && view !== null) return;
        const excluded = new Map<string, Exclusion>();
        for (const member of members.values()) if (member.exclusion !== null) excluded.set(member.battery.id, member.exclusion);
        let filtered = bank;
        if (excluded.size > 0) {
          const without = new Map(bank);
          for (const id of excluded.keys()) without.delete(id);
          filtered = without;
        }
        view = { bank: filtered, excluded, notes };
        notes = [];
        subscriber.next(view);
      };

      const include = (member: Member, reference: number) => {
        member.state = 'in';
        outCount--;
        member.exclusion = null;
        member.rejoin = null;
        notes.push({
          level: 'info',
          text: `mixed-voltage guard: ${member.battery.id} reports ${round(member.voltage)} V, within ${percent(options.maxDeviation)} of the bank's ${round(reference)} V${options.settleTime > 0 ? ` for ${options.settleTime} s` : ''}: aggregated again`,
        });
      };

      /** Rebuilds `sorted` from the members with a valid voltage (a join, a leave, a voltage turning valid or invalid). */
      const resort = () => {
        sorted.length = 0;
        for (const member of members.values()) {
          if (!member.valid) continue;
          sorted.push(member);
          reposition(sorted.length - 1);
        }
      };
      /** Moves the member at `at` to its place after its voltage changed: a step or two in a sorted bank. */
      const reposition = (at: number) => {
        const member = sorted[at]!;
        while (at > 0 && sorted[at - 1]!.voltage > member.voltage) {
          sorted[at] = sorted[at - 1]!;
          at--;
        }
        while (at < sorted.length - 1 && sorted[at + 1]!.voltage < member.voltage) {
          sorted[at] = sorted[at + 1]!;
          at++;
        }
        sorted[at] = member;
      };

      /** `full` after a join, a leave or a voltage turning valid or invalid: every member is judged (none stays new). */
      const judge = (full: boolean) => {
        if (settling > 0) return;
        const at = referenceIndex(sorted, options.maxDeviation);
        if (at < 0) return;
        const reference = sorted[at]!.voltage;
        // the usual case: every battery in, the lowest and highest within the band, so all are
        if (!full && outCount === 0 && !deviates(sorted[0]!.voltage, reference, options.maxDeviation) && !deviates(sorted[sorted.length - 1]!.voltage, reference, options.maxDeviation)) return;
        const tie = noMajority(sorted, options.maxDeviation);
        for (let i = 0; i < sorted.length; i++) {
          const member = sorted[i]!;
          const off = deviates(member.voltage, reference, options.maxDeviation);
          if (off && member.state !== 'out') {
            member.state = 'out';
            outCount++;
            member.exclusion = { voltage: member.voltage, reference };
            notes.push({ level: 'warn', text: exclusionNote(member, reference, tie, options) });
          } else if (off) {
            member.rejoin?.unsubscribe();
            member.rejoin = null;
          } else if (member.state === 'new') {
            member.state = 'in';
          } else if (member.state === 'out' && member.rejoin === null) {
            if (options.settleTime <= 0) include(member, reference);
            else
              member.rejoin = scheduler.schedule(() => {
                include(member, reference);
                emit(false);
              }, options.settleTime * 1000);
          }
        }
      };

      const onVoltage = (member: Member, value: Value) => {
        const valid = typeof value === 'number' && Number.isFinite(value) && value > 0;
        if (valid === member.valid && (!valid || value === member.voltage)) return;
        const wasValid = member.valid;
        member.valid = valid;
        if (valid) member.voltage = value;
        else {
          // not judged while invalid: a pending rejoin waits for a voltage that matches again
          member.rejoin?.unsubscribe();
          member.rejoin = null;
        }
        if (settling > 0) return;
        const full = !(wasValid && valid);
        if (full) resort();
        else reposition(sorted.indexOf(member));
        judge(full);
        emit(false);
      };

      const leave = (member: Member) => {
        members.delete(member.battery.id);
        if (member.state === 'out') outCount--;
        member.subscription.unsubscribe();
        member.rejoin?.unsubscribe();
      };

      const join = (battery: Battery) => {
        const member: Member = { battery, voltage: 0, valid: false, state: 'new', exclusion: null, rejoin: null, subscription: new Subscription() };
        members.set(battery.id, member);
        member.subscription.add(observeValues(battery.value$('/Dc/0/Voltage'), (value) => onVoltage(member, value)));
      };

      const source = bank$.subscribe({
        next: (next) => {
          settling++;
          bank = next;
          for (const member of [...members.values()]) if (next.get(member.battery.id) !== member.battery) leave(member);
          for (const battery of next.values()) if (!members.has(battery.id)) join(battery);
          settling--;
          resort();
          judge(true);
          emit(true);
        },
        error: (err: unknown) => subscriber.error(err),
        complete: () => subscriber.complete(),
      });
      return () => {
        source.unsubscribe();
        for (const member of [...members.values()]) leave(member);
      };
    });
}

/** `/System/ExcludedBatteries`: each left-out battery with why, as a JSON object. */
export function excludedText(excluded: ReadonlyMap<string, Exclusion>): string {
  const reasons: Record<string, string> = {};
  for (const [id, { voltage, reference }] of [...excluded].sort(([a], [b]) => (a < b ? -1 : 1))) {
    reasons[id] = `mixed voltage: ${round(voltage)} V, the bank ${round(reference)} V`;
  }
  return JSON.stringify(reasons);
}

function exclusionNote(member: Member, reference: number, tie: boolean, options: MixedVoltageOptions): string {
  const off = percent(Math.abs(member.voltage - reference) / reference);
  const why = tie ? ' (two sides disagree and neither is a majority: the side already aggregated, else the lower voltage, is kept)' : '';
  return `mixed-voltage guard: ${member.battery.id} reports ${round(member.voltage)} V, ${off} off the bank's ${round(reference)} V (more than ${percent(options.maxDeviation)})${why}: left out of every output until its voltage matches`;
}

function round(value: number): number {
  return Number(value.toPrecision(4));
}

function percent(fraction: number): string {
  return `${Number((fraction * 100).toPrecision(3))} %`;
}
