import { parseArgs } from 'node:util';
import type { Value } from '../battery/value';
import { BusConnection, resolveBusAddress } from '../bus/busConnection';
import { isRejection } from '../bus/busValue';
import { readServiceItems } from '../bus/readServiceItems';
import { DEFAULT_CONFIG_PATH, type Config } from '../config/defaults';
import { loadConfig } from '../config/loadConfig';
import { formatProblems } from '../config/validateConfig';
import { formatStatus } from '../status/formatStatus';
import { statusSnapshot, type Items, type StatusSnapshot } from '../status/statusSnapshot';
import { writeCommandError } from './commandError';
import { stopSignal } from './lifecycle';

export const EXIT_NO_AGGREGATOR = 1;
export const EXIT_USAGE = 2;
export const EXIT_BUS_UNREACHABLE = 3;

const BATTERY_PREFIX = 'com.victronenergy.battery.';
const CALL_TIMEOUT_MS = 5000;
const WATCH_INTERVAL_MS = 1000;

class NoAggregator extends Error {}

/**
 * `battery-aggregator status [CONFIG_FILE] [--bus ADDRESS] [--watch] [--json]`: the aggregate and every
 * battery service, read over the daemon's bus; the config (as the daemon reads it) names the service and the
 * batteries' roles. Exit 1 no aggregator, 2 usage, 3 bus unreachable.
 */
export async function runStatusCommand(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({ args: argv, options: { bus: { type: 'string' }, watch: { type: 'boolean' }, json: { type: 'boolean' } }, allowPositionals: true });
    if (args.positionals.length > 1) throw new Error(`expected at most one config file, got ${args.positionals.length}`);
  } catch (err) {
    writeCommandError('status', err);
    return EXIT_USAGE;
  }
  const loaded = loadConfig(args.positionals[0] ?? DEFAULT_CONFIG_PATH);
  if (!loaded.ok) {
    writeCommandError('status', `invalid configuration in ${loaded.file}:\n${formatProblems(loaded.problems)}`);
    return EXIT_USAGE;
  }
  const address = resolveBusAddress(args.values.bus, process.env);
  let connection: BusConnection;
  try {
    connection = await BusConnection.connect(address);
  } catch (err) {
    writeCommandError('status', err);
    return EXIT_BUS_UNREACHABLE;
  }
  const render = (snapshot: StatusSnapshot) => (args.values.json ? `${JSON.stringify(snapshot, null, 2)}\n` : formatStatus(snapshot));
  try {
    if (!args.values.watch) {
      process.stdout.write(render(await readStatus(connection, loaded.config)));
      return 0;
    }
    return await watch(connection, loaded.config, render);
  } catch (err) {
    writeCommandError('status', err);
    return err instanceof NoAggregator ? EXIT_NO_AGGREGATOR : EXIT_BUS_UNREACHABLE;
  } finally {
    connection.close();
  }
}

/** Reads every second and redraws when what it shows changed: clears a terminal; elsewhere appends. */
async function watch(connection: BusConnection, config: Config, render: (s: StatusSnapshot) => string): Promise<number> {
  const stop = stopSignal();
  let stopped = false;
  void stop.then(() => (stopped = true));
  let last = '';
  while (!stopped) {
    const text = render(await readStatus(connection, config));
    if (text !== last) {
      process.stdout.write(process.stdout.isTTY ? `\x1b[H\x1b[2J${text}` : `${text}\n`);
      last = text;
    }
    await Promise.race([new Promise((resolve) => setTimeout(resolve, WATCH_INTERVAL_MS)), stop]);
  }
  return 0;
}

/** GetItems on the aggregate and on every battery service on the bus. */
export async function readStatus(connection: BusConnection, config: Config): Promise<StatusSnapshot> {
  const names = (await connection.callBus('ListNames')).body[0] as string[];
  if (!names.includes(config.serviceName)) throw new NoAggregator(`no aggregator: ${config.serviceName} is not on the bus (is the daemon running, on this bus?)`);
  const aggregate = await itemsOf(connection, config.serviceName);
  const batteries = new Map<string, Items>();
  for (const name of names.filter((n) => n.startsWith(BATTERY_PREFIX) && n !== config.serviceName).sort()) {
    try {
      batteries.set(name, await itemsOf(connection, name));
    } catch {
      batteries.set(name, new Map()); // gone or not answering: listed, values unknown
    }
  }
  return statusSnapshot(config, aggregate, batteries);
}

async function itemsOf(connection: BusConnection, service: string): Promise<Items> {
  const items = new Map<string, Value>();
  for (const { path, value } of await readServiceItems(connection, service, CALL_TIMEOUT_MS)) {
    if (!isRejection(value)) items.set(path, value);
  }
  return items;
}
