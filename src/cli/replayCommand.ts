import { parseArgs } from 'node:util';
import { resolveBusAddress } from '../bus/busConnection';
import { createLogger } from '../log/logger';
import { publishRecording } from '../record/busReplayer';
import type { Recording } from '../record/format';
import { InvalidRecordingError, readRecordingFile } from '../record/readRecordingFile';
import { writeCommandError } from './commandError';
import { parseNumberOption } from './options';

/** Exit code for a file that is not a valid recording (EX_DATAERR of sysexits.h). */
export const EXIT_BAD_RECORDING = 65;

/** What `replay` was asked to do, after validation. */
export interface ReplayOptions {
  readonly file: string;
  readonly speed: number;
  readonly loop: boolean;
  readonly address: string;
}

const log = createLogger('replay');

/** Parses the command line; throws an Error with a one-line message on anything wrong. */
export function parseReplayArgs(argv: string[], env: NodeJS.ProcessEnv): ReplayOptions {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { speed: { type: 'string' }, loop: { type: 'boolean' }, bus: { type: 'string' } },
    strict: true,
    allowPositionals: true,
  });
  if (positionals.length !== 1) throw new Error(`expected one recording file, got ${positionals.length}`);
  return {
    file: positionals[0]!,
    speed: parseNumberOption('--speed', values.speed ?? '1', { min: 0.001, max: 1_000_000 }),
    loop: values.loop ?? false,
    address: resolveBusAddress(values.bus, env),
  };
}

/** `battery-aggregator replay FILE`: publishes a recording's services on a bus, as recorded, in (sped-up) time. */
export async function runReplayCommand(argv: string[]): Promise<number> {
  let options: ReplayOptions;
  try {
    options = parseReplayArgs(argv, process.env);
  } catch (err) {
    writeCommandError('replay', err);
    return 2;
  }
  let recording: Recording;
  try {
    recording = readRecordingFile(options.file);
  } catch (err) {
    process.stderr.write(`battery-aggregator replay: ${(err as Error).message}
`);
    return err instanceof InvalidRecordingError ? EXIT_BAD_RECORDING : 1;
  }

  let published;
  try {
    published = await publishRecording(recording, options.address, {
      onSkipped: (service, reason) => log.warn('%s is not replayed: %s', service, reason),
    });
  } catch (err) {
    process.stderr.write(`battery-aggregator replay: ${(err as Error).message}\n`);
    return 1;
  }
  const last = recording.events[recording.events.length - 1]?.t ?? 0;
  log.info(
    'replaying %s on %s: %d services, %d lines over %s s at %sx%s',
    options.file,
    options.address,
    published.online().length,
    recording.events.length,
    (last / 1000).toFixed(1),
    options.speed,
    options.loop ? ', looping' : '',
  );
  const stop = (signal: NodeJS.Signals) => {
    log.info('%s: stopping', signal);
    void published.stop();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    await published.play({ speed: options.speed, loop: options.loop, onLoop: (pass) => log.info('pass %d', pass) });
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    await published.stop();
  }
  return 0;
}
