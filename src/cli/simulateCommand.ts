import { parseArgs } from 'node:util';
import { resolveBusAddress } from '../bus/busConnection';
import { runUntilDone } from './runUntilDone';
import { createLogger } from '../log/logger';
import { startSimulatedBank, type SimulatedBank } from '../sim/simulatedBank';
import { writeCommandError } from './commandError';
import { parseCapacities, parseNumberOption, parsePackOption } from './options';

/** What `simulate` was asked to do, after validation. */
export interface SimulateOptions {
  readonly count: number;
  readonly capacities: number[];
  readonly address: string;
  /** Seconds to run; 0 = until SIGINT or SIGTERM. */
  readonly duration: number;
  readonly intervalMs: number;
  readonly timeScale: number;
  readonly seed: number;
  /** Cells in series per pack. */
  readonly cells: number;
  /** `--nominal`: packs by index with another cell count, apart from the bank's bus. */
  readonly cellsOf: ReadonlyMap<number, number>;
  /** `--runaway-cell`: one cell of pack `index` held at `voltage` from the start. */
  readonly runaway: { readonly index: number; readonly voltage: number } | null;
  /** `--shunt`: a SmartShunt on the bank's main cable beside the packs (their summed current), for doubleCountedShunt. */
  readonly shunt: boolean;
}

/** LiFePO4 packs by nominal voltage (3.2 V a cell, named 12, 24, 36, 48 V). */
const CELLS_BY_NOMINAL: Readonly<Record<string, number>> = { 12: 4, 24: 8, 36: 12, 48: 16 };

const log = createLogger('simulate');

/** Parses the command line; throws an Error with a one-line message on anything wrong. */
export function parseSimulateArgs(argv: string[], env: NodeJS.ProcessEnv): SimulateOptions {
  // Defaults are applied here, not by parseArgs: its `default` needs Node 18.11, Venus OS ships older 18.x.
  const { values } = parseArgs({
    args: argv,
    options: {
      count: { type: 'string' },
      capacity: { type: 'string' },
      bus: { type: 'string' },
      duration: { type: 'string' },
      interval: { type: 'string' },
      'time-scale': { type: 'string' },
      seed: { type: 'string' },
      cells: { type: 'string' },
      'runaway-cell': { type: 'string' },
      nominal: { type: 'string' },
      shunt: { type: 'boolean' },
    },
    strict: true,
    allowPositionals: false,
  });
  const count = parseNumberOption('--count', values.count ?? '3', { min: 1, max: 256, integer: true });
  return {
    count,
    ...parsePackShapes(values, count),
    capacities: parseCapacities(values.capacity ?? '200'),
    address: resolveBusAddress(values.bus, env),
    duration: parseNumberOption('--duration', values.duration ?? '0', { min: 0 }),
    intervalMs: parseNumberOption('--interval', values.interval ?? '1000', { min: 10, max: 3_600_000, integer: true }),
    timeScale: parseNumberOption('--time-scale', values['time-scale'] ?? '1', { min: 0.001, max: 100_000 }),
    seed: parseNumberOption('--seed', values.seed ?? '1', { min: 0, max: 0xffffffff, integer: true }),
  };
}

/** `--cells`, `--nominal`, `--runaway-cell` and `--shunt` (simulate and demo): the shape of the packs. */
export function parsePackShapes(
  values: { readonly cells?: string | undefined; readonly nominal?: string | undefined; readonly 'runaway-cell'?: string | undefined; readonly shunt?: boolean | undefined },
  count: number,
): Pick<SimulateOptions, 'cells' | 'cellsOf' | 'runaway' | 'shunt'> {
  const cells = parseNumberOption('--cells', values.cells ?? '16', { min: 1, max: 64, integer: true });
  const cellsOf = new Map<number, number>();
  if (values.nominal !== undefined) {
    // the last pack by default: the one a discovery rule added
    const { value, index } = parsePackOption('--nominal', values.nominal, count, count, { min: 1 });
    const odd = CELLS_BY_NOMINAL[String(value)];
    if (odd === undefined) throw new Error(`--nominal: expected 12, 24, 36 or 48 (V, LiFePO4 packs of 4, 8, 12 or 16 cells), got ${value}`);
    if (odd === cells) throw new Error(`--nominal: a ${value} V pack has ${cells} cells like the others (--cells ${cells})`);
    cellsOf.set(index, odd);
  }
  const runaway = values['runaway-cell'] === undefined ? null : parsePackOption('--runaway-cell', values['runaway-cell'], count, 1, { min: 2, max: 5 });
  return { cells, cellsOf, runaway: runaway === null ? null : { index: runaway.index, voltage: runaway.value }, shunt: values.shunt === true };
}

/** `battery-aggregator simulate`: publishes simulated batteries on a bus until told to stop. */
export async function runSimulateCommand(argv: string[]): Promise<number> {
  let options: SimulateOptions;
  try {
    options = parseSimulateArgs(argv, process.env);
  } catch (err) {
    writeCommandError('simulate', err);
    return 2;
  }

  let reportLost = () => {};
  const lost = new Promise<void>((resolve) => (reportLost = resolve));
  let bank: SimulatedBank;
  try {
    bank = await startSimulatedBank({
      address: options.address,
      count: options.count,
      capacityAh: options.capacities,
      intervalMs: options.intervalMs,
      timeScale: options.timeScale,
      seed: options.seed,
      cells: options.cells,
      cellsOf: options.cellsOf,
      ...(options.runaway !== null && { runaway: options.runaway }),
      shunt: options.shunt,
      onConnectionLost: (service, reason) => {
        log.error('%s lost the bus: %s', service, reason);
        reportLost();
      },
    });
  } catch (err) {
    writeCommandError('simulate', err);
    return 1;
  }
  log.info('simulating %d batteries%s on %s at %sx time, every %d ms', options.count, options.shunt ? ' and a shunt measuring them all' : '', options.address, options.timeScale, options.intervalMs);
  const code = await runUntilDone(options.duration, lost, log);
  await bank.stop();
  return code;
}
