import type { WatchProblem } from '../bus/serviceWatcher';
import type { Logger } from '../log/logger';

/** How much of a value or name from the bus a log line quotes. */
const MAX_QUOTED = 40;

/**
 * Counts everything refused from the bus and logs each kind of problem once per battery and path, not
 * once per change: a driver sending NaN every second must not flood the log.
 */
export class ProblemLog {
  private readonly counts = new Map<string, number>();
  private problems = 0;

  constructor(private readonly log: Logger) {}

  report(problem: WatchProblem): void {
    switch (problem.kind) {
      case 'rejected-value':
        this.count(`${problem.service} ${problem.path} rejected`, 'rejected %s from %s %s (%s); counting it as invalid', 'a value', problem.service, problem.path, problem.reason);
        break;
      case 'malformed-signal':
        this.count(`${problem.service} ${problem.member} malformed`, 'ignored a malformed %s from %s', problem.member, problem.service);
        break;
      case 'rejected-path':
        // Keyed by service and reason, not path: a driver inventing a new path per signal must not grow this map.
        this.count(`${problem.service} paths ${problem.reason}`, 'ignored a value from %s at %s (%s)', problem.service, JSON.stringify(problem.path.slice(0, MAX_QUOTED)), problem.reason);
        break;
      case 'scan-failed':
        // Read again on its next signal, so possibly often: logged once too.
        this.count(`${problem.service} unreadable`, 'cannot read %s (%s); reading it again when it next sends a value', problem.service, problem.reason);
        break;
    }
  }

  wrongKind(service: string, path: string, value: unknown, expected: string): void {
    this.count(`${service} ${path} kind`, 'rejected %s from %s %s (expected a %s); counting it as invalid', JSON.stringify(value).slice(0, MAX_QUOTED), service, path, expected);
  }

  /** How many problems of any kind were seen. */
  get total(): number {
    return this.problems;
  }

  private count(key: string, format: string, ...args: unknown[]): void {
    this.problems++;
    const seen = this.counts.get(key) ?? 0;
    this.counts.set(key, seen + 1);
    if (seen === 0) this.log.warn(format, ...args);
  }
}
