import { parseArgs } from 'node:util';
import { resolveBusAddress } from '../bus/busConnection';
import { runUntilDone } from './runUntilDone';
import { createLogger } from '../log/logger';
import { startSimulatedBank, type SimulatedBank } from '../sim/simulatedBank';
import { writeCommandError } from './commandError';
import { parseCapacities, parseNumberOption } from './options';

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
}

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
    },
    strict: true,
    allowPositionals: false,
  });
  return {
    count: parseNumberOption('--count', values.count ?? '3', { min: 1, max: 256, integer: true }),
    capacities: parseCapacities(values.capacity ?? '200'),
    address: resolveBusAddress(values.bus, env),
    duration: parseNumberOption('--duration', values.duration ?? '0', { min: 0 }),
    intervalMs: parseNumberOption('--interval', values.interval ?? '1000', { min: 10, max: 3_600_000, integer: true }),
    timeScale: parseNumberOption('--time-scale', values['time-scale'] ?? '1', { min: 0.001, max: 100_000 }),
    seed: parseNumberOption('--seed', values.seed ?? '1', { min: 0, max: 0xffffffff, integer: true }),
  };
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
      onConnectionLost: (service, reason) => {
        log.error('%s lost the bus: %s', service, reason);
        reportLost();
      },
    });
  } catch (err) {
    writeCommandError('simulate', err);
    return 1;
  }
  log.info('simulating %d batteries on %s at %sx time, every %d ms', options.count, options.address, options.timeScale, options.intervalMs);
  const code = await runUntilDone(options.duration, lost, log);
  await bank.stop();
  return code;
}
