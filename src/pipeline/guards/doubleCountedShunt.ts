import { EMPTY, Observable, Subscription, asapScheduler, map, take, type OperatorFunction, type SchedulerLike } from 'rxjs';
import type { Bank, Battery } from '../../battery/bank';
import type { Value } from '../../battery/value';
import type { Config } from '../../config/defaults';
import { observeValues } from '../../rx/latestValue';

const CURRENT = '/Dc/0/Current';

/** `doubleCountedShunt` of the config while it is on, as plain numbers (the brands are checked when the file is read). */
export interface ShuntOptions {
  /** Largest difference from the others' sum, as a fraction of it (at least `minCurrent / 4` A). */
  readonly tolerance: number;
  /** Amps the others' sum must reach for a match to count: an idle bank never matches. */
  readonly minCurrent: number;
  /** Seconds the currents must match without a break before the battery is named. */
  readonly duration: number;
  /** Seconds a mismatch may last without breaking the match (default `MISMATCH_GRACE_S`). */
  readonly grace?: number;
}

/**
 * The packs and a shunt report a load step each in its own signal, up to a second or so apart: a mismatch that short
 * does not break a match, or a bank whose load moves would never be judged.
 */
export const MISMATCH_GRACE_S = 2;

/** A battery whose current has matched the sum of the others' for `duration`: it measures the whole bank. */
export interface ShuntSuspect {
  readonly id: string;
  /** Its `/CustomName`, else its `/ProductName`, when it has one. */
  readonly name: string | null;
  /** Its current and the others' sum when it was named (A). */
  readonly current: number;
  readonly othersSum: number;
}

/** Fewer than this many batteries with a valid current are never judged (see `doubleCountedShunt`). */
export const MIN_BATTERIES = 3;

/** True when `current` is the others' sum `others`: the same sign, within the tolerance, and not idle. */
export function carriesTheSum(current: number, others: number, options: ShuntOptions): boolean {
  const size = Math.abs(others);
  if (size < options.minCurrent || Math.sign(current) !== Math.sign(others)) return false;
  return Math.abs(current - others) <= Math.max(options.tolerance * size, options.minCurrent / 4);
}

interface Member {
  readonly battery: Battery;
  current: number;
  valid: boolean;
  /** False for our virtual batteries: they are computed here, not measured (they still count in the sum). */
  readonly judged: boolean;
  /** The running window of a match: fires after `duration`; cancelled when the match breaks. */
  window: Subscription | null;
  /** A mismatch within a window: breaks the match when it lasts `grace`, cancelled when they match again. */
  mismatch: Subscription | null;
  /** The window ended during a mismatch: named if they match again before the grace is over. */
  due: boolean;
  readonly subscription: Subscription;
}

/**
 * Names each aggregated battery whose `/Dc/0/Current` has been the sum of the other aggregated batteries' currents
 * for `duration` seconds without a break: a SmartShunt on the bank's main cable aggregated as one more battery, so
 * the bank's current counts twice. Emits each such battery once per subscription (a warning, not a state); outputs
 * are not touched. Feed it the bank the outputs are computed from: primary, auxiliary, excluded services and virtual
 * battery members are not in it, so they are never named.
 *
 * 1. A match: the others' sum is at least `minCurrent` A (an idle bank, where every current is noise, never
 *    matches), has the battery's sign, and differs from its current by at most `tolerance` of the sum, or
 *    `minCurrent / 4` A when that is more: three equal packs sharing a current each carry half the others' sum, so
 *    they never match, while a shunt and the BMSes agree to a few % and a few tenths of an amp.
 * 2. At least `MIN_BATTERIES` (3) batteries with a valid current: with two, each one's current would equal the
 *    other's, and a real pair of equal packs looks exactly like a pack and a shunt measuring it.
 * 3. A mismatch breaks the match once it has lasted `grace` (`MISMATCH_GRACE_S`, 2 s): a load step the packs and
 *    the shunt report a moment apart does not. A window that ends during a shorter mismatch names the battery when
 *    they match again.
 * 4. A battery joining or leaving the bank restarts every window (the sum means something else now); a battery
 *    whose current is invalid is neither judged nor in the sum.
 * 5. `notJudged` (our virtual batteries, computed from their members) count in the sum but are never named.
 *
 * Only `/Dc/0/Current` is followed. A current change sums the bank once and compares each battery once: no
 * allocation; a window's timer is scheduled or cancelled only when a match starts or breaks.
 */
export function doubleCountedShunt(
  options: ShuntOptions,
  scheduler: SchedulerLike = asapScheduler,
  notJudged: ReadonlySet<string> = new Set(),
): OperatorFunction<Bank, ShuntSuspect> {
  return (bank$) =>
    new Observable<ShuntSuspect>((subscriber) => {
      const members = new Map<string, Member>();
      let list: Member[] = [];
      const named = new Set<string>();
      let settling = 0;

      const name = (member: Member): string | null => {
        let found: string | null = null;
        for (const path of ['/CustomName', '/ProductName']) {
          // read once, when it is named: LatestValue paths give their value at once, others are simply not waited for
          member.battery.value$(path).pipe(take(1)).subscribe((value) => {
            if (found === null && typeof value === 'string' && value.trim() !== '') found = value;
          }).unsubscribe();
        }
        return found;
      };

      const grace = (options.grace ?? MISMATCH_GRACE_S) * 1000;
      const reset = (member: Member) => {
        member.window?.unsubscribe();
        member.window = null;
        member.mismatch?.unsubscribe();
        member.mismatch = null;
        member.due = false;
      };
      const expire = (member: Member) => {
        member.window = null;
        // the window ended during a short mismatch: named if they match again in time
        if (member.mismatch !== null) {
          member.due = true;
          return;
        }
        named.add(member.battery.id);
        subscriber.next({ id: member.battery.id, name: name(member), current: member.current, othersSum: othersSum(member) });
      };

      const judge = () => {
        if (settling > 0) return;
        let total = 0;
        let count = 0;
        for (let i = 0; i < list.length; i++) {
          const member = list[i]!;
          if (!member.valid) continue;
          total += member.current;
          count++;
        }
        for (let i = 0; i < list.length; i++) {
          const member = list[i]!;
          if (!member.judged) continue;
          const match = count >= MIN_BATTERIES && member.valid && carriesTheSum(member.current, total - member.current, options);
          if (match) {
            if (member.mismatch !== null) {
              // a short mismatch healed: the match goes on
              member.mismatch.unsubscribe();
              member.mismatch = null;
              if (member.due) {
                member.due = false;
                expire(member);
              }
            } else if (member.window === null && !named.has(member.battery.id)) {
              member.window = scheduler.schedule(() => expire(member), options.duration * 1000);
            }
          } else if ((member.window !== null || member.due) && member.mismatch === null) {
            if (grace <= 0) reset(member);
            else member.mismatch = scheduler.schedule(() => reset(member), grace);
          }
        }
      };

      const othersSum = (of: Member): number => {
        let sum = 0;
        for (const member of list) if (member !== of && member.valid) sum += member.current;
        return sum;
      };

      const onCurrent = (member: Member, value: Value) => {
        const valid = typeof value === 'number' && Number.isFinite(value);
        if (valid === member.valid && (!valid || value === member.current)) return;
        member.valid = valid;
        if (valid) member.current = value;
        judge();
      };

      const leave = (member: Member) => {
        members.delete(member.battery.id);
        member.subscription.unsubscribe();
        reset(member);
      };

      const join = (battery: Battery) => {
        const member: Member = { battery, current: 0, valid: false, judged: !notJudged.has(battery.id), window: null, mismatch: null, due: false, subscription: new Subscription() };
        members.set(battery.id, member);
        member.subscription.add(observeValues(battery.value$(CURRENT), (value) => onCurrent(member, value)));
      };

      const source = bank$.subscribe({
        next: (bank) => {
          settling++;
          for (const member of [...members.values()]) if (bank.get(member.battery.id) !== member.battery) leave(member);
          for (const battery of bank.values()) if (!members.has(battery.id)) join(battery);
          list = [...members.values()];
          // the sum means something else now: every window starts again
          for (const member of list) reset(member);
          settling--;
          judge();
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

/**
 * The warnings of the detector over the bank the aggregate is computed from (`PublishedService.bank$`), with
 * `config.doubleCountedShunt`; our virtual batteries are never named. With `mode: "off"`: nothing, nothing followed.
 */
export function shuntWarnings(bank$: Observable<Bank>, config: Config, scheduler: SchedulerLike): Observable<string> {
  const options = config.doubleCountedShunt;
  if (options.mode === 'off') return EMPTY;
  return bank$.pipe(
    doubleCountedShunt(options, scheduler, new Set(Object.keys(config.virtualBatteries))),
    map((suspect) => shuntWarning(suspect, options)),
  );
}

/** The warning for a suspect, with the config that fixes it. */
export function shuntWarning(suspect: ShuntSuspect, options: ShuntOptions): string {
  const who = suspect.name === null ? suspect.id : `"${suspect.name}" (${suspect.id})`;
  return (
    `shunt counted twice: battery ${who} carries the sum of the other batteries' current (${amps(suspect.current)} A against ${amps(suspect.othersSum)} A for ${options.duration} s): ` +
    `it measures the whole bank and is counted twice. Fix: read it instead of aggregating it, "primaryServices": {"${suspect.id}": ["/Dc/0/Current"]} ` +
    `(add it to the ones you have; its current becomes the bank's), or leave it out, "excludedServices": ["${suspect.id}"]`
  );
}

function amps(value: number): number {
  return Number(value.toFixed(1));
}
