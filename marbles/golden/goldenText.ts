import type { OutputChange } from '../../src/record/replayPipeline';

/**
 * The paths a golden snapshot keeps: what chargers and the GX act on. `/Capacity`, `/ConsumedAmphours`
 * and `/TimeToGo` change with every sample and follow from `/Soc` and `/Dc/0/*`; they would only bloat it.
 */
const KEPT = [/^\/Dc\/0\//, /^\/Soc$/, /^\/Info\//, /^\/System\//, /^\/Alarms\//, /^\/Io\//, /^\/Balancing$/];

export function isKept(path: string): boolean {
  return KEPT.some((pattern) => pattern.test(path));
}

/**
 * A snapshot people can review in a diff: one line per published change, `<t ms> <path> <JSON value>`,
 * under a `[service]` line for each service the pipeline publishes. Numbers are written to 10
 * significant digits: 52.400000000000006 is 52.4 to anyone, and a sum taken in another order must not
 * rewrite every snapshot.
 */
export function goldenText(source: string, changes: readonly OutputChange[]): string {
  const lines = [`# ${source} through aggregatorPipeline in virtual time: <t ms> <path> <value>, changes only`];
  const services = [...new Set(changes.map((c) => c.service))];
  for (const service of services) {
    lines.push(`[${service}]`);
    for (const change of changes) {
      if (change.service === service && isKept(change.path)) lines.push(`${change.t} ${change.path} ${JSON.stringify(readable(change.value))}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

function readable(value: OutputChange['value']): OutputChange['value'] {
  return typeof value === 'number' ? Number(value.toPrecision(10)) : value;
}

/** Where two snapshots first differ, as a short message; null when equal. */
export function firstDifference(expected: string, actual: string): string | null {
  if (expected === actual) return null;
  const want = expected.split('\n');
  const got = actual.split('\n');
  const line = want.findIndex((text, i) => text !== got[i]);
  const at = line < 0 ? want.length : line;
  return `line ${at + 1}:\n  golden: ${want[at] ?? '(end of file)'}\n  now:    ${got[at] ?? '(end of file)'}`;
}
