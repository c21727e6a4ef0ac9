import { createWriteStream } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Writable } from 'node:stream';
import { BusConnection, resolveBusAddress } from '../bus/busConnection';
import { DEFAULT_CONFIG } from '../config/defaults';
import { runUntilDone } from './runUntilDone';
import { createLogger, setLogWriter } from '../log/logger';
import { recordBus } from '../record/recorder';
import { DEFAULT_PREFIXES } from '../record/recordedServices';
import { writeCommandError } from './commandError';
import { parseNumberOption } from './options';

/** What `record` was asked to do, after validation. */
export interface RecordOptions {
  /** A file, or `-` for stdout. */
  readonly out: string;
  /** Seconds to record; 0 = until SIGINT or SIGTERM. */
  readonly duration: number;
  readonly prefixes: readonly string[];
  readonly address: string;
}

const log = createLogger('record');

/** `battery-aggregator-20260601-080000.jsonl`: sorts by time, and no colons for FAT-formatted USB sticks. */
export function timestampedName(now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `battery-aggregator-${stamp}.jsonl`;
}

/** Parses the command line; throws an Error with a one-line message on anything wrong. */
export function parseRecordArgs(argv: string[], env: NodeJS.ProcessEnv, now = new Date()): RecordOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      out: { type: 'string' },
      duration: { type: 'string' },
      include: { type: 'string', multiple: true },
      bus: { type: 'string' },
    },
    strict: true,
    allowPositionals: false,
  });
  const prefixes = (values.include ?? []).flatMap((text) => text.split(',')).map((prefix) => prefix.trim());
  if (prefixes.some((prefix) => prefix === '')) throw new Error('--include: expected a service name prefix, e.g. com.victronenergy.battery.');
  return {
    out: values.out ?? timestampedName(now),
    duration: parseNumberOption('--duration', values.duration ?? '0', { min: 0 }),
    prefixes: prefixes.length > 0 ? prefixes : DEFAULT_PREFIXES,
    address: resolveBusAddress(values.bus, env),
  };
}

/** Ends the stream and resolves once every line is on disk (or in the pipe). */
function close(out: Writable): Promise<void> {
  if (out === process.stdout) return new Promise((resolve) => process.stdout.write('', () => resolve()));
  return new Promise((resolve, reject) => {
    out.once('error', reject);
    out.end(() => resolve());
  });
}

/** `battery-aggregator record`: writes what the bus's battery services do to a recording until told to stop. */
export async function runRecordCommand(argv: string[]): Promise<number> {
  let options: RecordOptions;
  try {
    options = parseRecordArgs(argv, process.env);
  } catch (err) {
    writeCommandError('record', err);
    return 2;
  }
  const toStdout = options.out === '-';
  if (toStdout) setLogWriter((line) => process.stderr.write(line)); // stdout carries the recording
  const out: Writable = toStdout ? process.stdout : createWriteStream(options.out);
  const opened = toStdout ? Promise.resolve() : new Promise<void>((resolve, reject) => out.once('open', () => resolve()).once('error', reject));
  let connection: BusConnection;
  try {
    await opened;
    connection = await BusConnection.connect(options.address);
  } catch (err) {
    process.stderr.write(`battery-aggregator record: ${(err as Error).message}\n`);
    if (!toStdout) out.destroy();
    return 1;
  }

  // Our own aggregate is left out: replayed next to a running aggregator, its name would clash.
  const exclude = new Set([DEFAULT_CONFIG.serviceName]);
  const recorder = recordBus(connection, (line) => out.write(`${line}\n`), {
    prefixes: options.prefixes,
    exclude,
    onProblem: (problem) => log.warn('%s: %s', problem.service, problem.kind === 'rejected-value' ? `${problem.path}: ${problem.reason}` : problem.kind),
  });
  const lost = new Promise<void>((resolve) =>
    connection.once('lost', (reason: string) => {
      log.error('lost the bus: %s', reason);
      resolve();
    }),
  );
  const done = runUntilDone(options.duration, lost, log);
  let code: number;
  try {
    code = await Promise.race([recorder.ready.then(() => done), done]);
  } catch (err) {
    log.error('cannot watch the bus: %s', (err as Error).message);
    code = 1;
  }
  recorder.stop();
  connection.close();
  await close(out);
  log.info('recorded %d lines to %s', recorder.lines, toStdout ? 'stdout' : options.out);
  return code;
}
