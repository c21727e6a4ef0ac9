import { Observable, asapScheduler, map, type OperatorFunction, type SchedulerLike, type Subscription } from 'rxjs';
import type { Bank } from '../../battery/bank';
import type { Config } from '../../config/defaults';
import { endOfInstant } from '../endOfInstant';
import { foldBank } from '../foldBank';

/** `cellVoltageGuard` of the config, as plain numbers (the brands are checked when the file is read). */
export type CellGuardOptions = { readonly [K in keyof NonNullable<Config['cellVoltageGuard']>]: number };

/** What the guard reads from the bank at one instant. */
export interface CellGuardInput {
  /** The highest valid `/System/MaxCellVoltage` of the connected batteries, `null` when none reports one. */
  readonly maxCell: number | null;
  /** The bank's voltage as published (the mean of the valid `/Dc/0/Voltage`), `null` when none reports one. */
  readonly bankVoltage: number | null;
}

/** The guard's state: `cap` is the most the CVL may be (`null` = not guarding); `note` says why it changed. */
export interface CellGuardState {
  readonly cap: number | null;
  /** Set only when the guard's state changes (engaged, releasing, held again, released): the log line. */
  readonly note: string | null;
}

/** The reducer's memory between inputs. */
export interface CellGuardMemory {
  readonly cap: number | null;
  /** Virtual or real ms of the last input while guarding, for the lowering rate. */
  readonly at: number;
  /** The last bank voltage seen, for an input without one. */
  readonly voltage: number | null;
  readonly phase: 'off' | 'high' | 'band' | 'releasing';
}

export const CELL_GUARD_IDLE: CellGuardMemory = { cap: null, at: 0, voltage: null, phase: 'off' };

/**
 * One step of the guard (pure, for tests and properties): while a cell is above `maxCellVoltage`, the cap is at most
 * the bank's voltage and falls by `lowerRate` V/s; between the threshold minus the hysteresis and the threshold it is
 * held; below, the phase is `releasing` and the caller's timer ends it (`released`) after `releaseTime`.
 */
export function stepCellGuard(memory: CellGuardMemory, input: CellGuardInput, now: number, options: CellGuardOptions): { memory: CellGuardMemory; note: string | null } {
  const voltage = input.bankVoltage ?? memory.voltage;
  const high = input.maxCell !== null && input.maxCell > options.maxCellVoltage;
  if (high) {
    const lowered = memory.cap === null ? voltage : Math.min(memory.cap - (options.lowerRate * Math.max(0, now - memory.at)) / 1000, voltage ?? Infinity);
    const note =
      memory.phase === 'high'
        ? null
        : `cell ${round(input.maxCell!)} V above ${options.maxCellVoltage} V: CVL held at most at the bank voltage${voltage === null ? ' (none known yet)' : ` ${round(voltage)} V`} and lowered by ${options.lowerRate} V/s`;
    return { memory: { cap: lowered, at: now, voltage, phase: 'high' }, note };
  }
  if (memory.phase === 'off') return { memory: { ...memory, voltage }, note: null };
  const below = input.maxCell === null || input.maxCell <= options.maxCellVoltage - options.hysteresis;
  const phase = below ? 'releasing' : 'band';
  const note =
    phase === memory.phase
      ? null
      : phase === 'releasing'
        ? `cells ${input.maxCell === null ? 'unknown' : `at most ${round(input.maxCell)} V`}, below ${round(options.maxCellVoltage - options.hysteresis)} V: CVL released in ${options.releaseTime} s unless a cell rises again`
        : `cell ${round(input.maxCell!)} V within the hysteresis of ${options.maxCellVoltage} V: CVL held at ${memory.cap === null ? 'the rule' : `${round(memory.cap)} V`}`;
  return { memory: { cap: memory.cap, at: now, voltage, phase }, note };
}

/** The CVL the guard lets through: the rule's value, at most the cap while guarding (a rule without value: the cap). */
export function guardedChargeVoltage(rule: number | null, cap: number | null): number | null {
  if (cap === null) return rule;
  return rule === null ? cap : Math.min(rule, cap);
}

/**
 * The guard over time: a state per input whose cap changed, and one when the release time has passed with every cell
 * low (a timer on `scheduler`, cancelled when a cell rises again). Released, the CVL is the rule's again, which is
 * never above what the rule gives.
 */
export function cellVoltageGuard(options: CellGuardOptions, scheduler: SchedulerLike = asapScheduler): OperatorFunction<CellGuardInput, CellGuardState> {
  return (input$) =>
    new Observable<CellGuardState>((subscriber) => {
      let memory = CELL_GUARD_IDLE;
      let release: Subscription | null = null;
      let lastCap: number | null | undefined;
      const emit = (note: string | null) => {
        if (note === null && memory.cap === lastCap) return;
        lastCap = memory.cap;
        subscriber.next({ cap: memory.cap, note });
      };
      const subscription = input$.subscribe({
        next: (input) => {
          const step = stepCellGuard(memory, input, scheduler.now(), options);
          memory = step.memory;
          if (memory.phase !== 'releasing') {
            release?.unsubscribe();
            release = null;
          } else if (release === null) {
            release = scheduler.schedule(() => {
              release = null;
              memory = { ...CELL_GUARD_IDLE, voltage: memory.voltage };
              emit(`every cell below ${round(options.maxCellVoltage - options.hysteresis)} V for ${options.releaseTime} s: CVL back to the rule`);
            }, options.releaseTime * 1000);
          }
          emit(step.note);
        },
        error: (err: unknown) => subscriber.error(err),
        complete: () => subscriber.complete(),
      });
      return () => {
        release?.unsubscribe();
        subscription.unsubscribe();
      };
    });
}

const PATHS = ['/System/MaxCellVoltage', '/Dc/0/Voltage'] as const;

/** The guard's inputs from the bank, once per instant. */
export function cellGuardInputs(scheduler: SchedulerLike = asapScheduler): OperatorFunction<Bank, CellGuardInput> {
  return (bank$) =>
    bank$.pipe(
      foldBank(PATHS, (table) => ({ table })),
      endOfInstant(scheduler),
      map(({ table }) => {
        let maxCell: number | null = null;
        let sum = 0;
        let count = 0;
        for (const { values } of table.rows) {
          const [cell, voltage] = values;
          if (typeof cell === 'number' && Number.isFinite(cell) && (maxCell === null || cell > maxCell)) maxCell = cell;
          if (typeof voltage === 'number' && Number.isFinite(voltage)) {
            sum += voltage;
            count++;
          }
        }
        return { maxCell, bankVoltage: count > 0 ? sum / count : null };
      }),
    );
}

function round(value: number): number {
  return Number(value.toPrecision(5));
}
