import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { BusConnection, type Message } from '../bus/busConnection';
import { BUS_ITEM } from '../bus/busItemSignal';
import { MARKER_PATH } from './benchPaths';

/** What the observer saw between `start` and `stop`. */
export interface ObserverReport {
  readonly inputBatches: number;
  readonly outputMessages: number;
  /** Input batch -> the aggregate's next signal carrying the changed marker path, in ms, sorted. */
  readonly latenciesMs: number[];
  /** Batches still waiting for an output when the window closed. */
  readonly unanswered: number;
}

/**
 * Times every input batch to the aggregate's resulting signal, from a process of its own. It hears both
 * on one connection from the same dbus-daemon, so the difference is the aggregator's reaction time (plus
 * one hop through the daemon). A batch ends with the marker path: the ItemsChanged carrying it, or, for
 * per-path signals, its PropertiesChanged (the load generator sends it first; the rest follow at once).
 * Reads `start` and `stop` on stdin, any number of times; prints each window's report as JSON on `stop`.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({ options: { bus: { type: 'string' }, service: { type: 'string' } } });
  const connection = await BusConnection.connect(values.bus ?? '');
  const owner = (await connection.callBus('GetNameOwner', 's', [values.service ?? ''])).body[0] as string;
  await connection.addMatch(`type='signal',interface='${BUS_ITEM}'`);

  // Only batteries' signals are inputs: other services' traffic must not count as batches.
  let batteries = new Set<string>();
  let counting = false;
  let closing = false;
  let pending: number[] = [];
  let inputBatches = 0;
  let outputMessages = 0;
  let latenciesMs: number[] = [];
  connection.onMessage((msg) => {
    if (!counting || msg.interface !== BUS_ITEM) return;
    const now = performance.now();
    const hasMarker = carriesMarker(msg);
    if (msg.sender === owner) {
      outputMessages++;
      if (!hasMarker) return;
      for (const t of pending) latenciesMs.push(now - t);
      pending = [];
    } else if (hasMarker && !closing && batteries.has(msg.sender ?? '')) {
      inputBatches++;
      pending.push(now);
    }
  });

  for await (const line of createInterface({ input: process.stdin })) {
    if (line === 'start') {
      batteries = await batteryOwners(connection, values.service ?? '');
      counting = true;
      pending = [];
      inputBatches = outputMessages = 0;
      latenciesMs = [];
    } else if (line === 'stop') {
      closing = true; // no new batches; give the last ones time to be answered
      await new Promise((resolve) => setTimeout(resolve, 250));
      counting = false;
      closing = false;
      const report: ObserverReport = {
        inputBatches,
        outputMessages,
        latenciesMs: latenciesMs.sort((a, b) => a - b),
        unanswered: pending.length,
      };
      process.stdout.write(`${JSON.stringify(report)}\n`);
    }
  }
  connection.close();
}

async function batteryOwners(connection: BusConnection, own: string): Promise<Set<string>> {
  const names = (await connection.callBus('ListNames')).body[0] as string[];
  const batteries = names.filter((name) => name.startsWith('com.victronenergy.battery.') && name !== own);
  const owners = await Promise.all(batteries.map(async (name) => (await connection.callBus('GetNameOwner', 's', [name])).body[0] as string));
  return new Set(owners);
}

function carriesMarker(msg: Message): boolean {
  if (msg.member === 'PropertiesChanged') return msg.path === MARKER_PATH;
  if (msg.member !== 'ItemsChanged') return false;
  const changes = msg.body[0] as Record<string, unknown> | undefined;
  return changes !== undefined && MARKER_PATH in changes;
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`observer: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  },
);
