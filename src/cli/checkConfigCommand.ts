import { parseArgs } from 'node:util';
import { DEFAULT_CONFIG_PATH } from '../config/defaults';
import { loadConfig, type LoadedConfig } from '../config/loadConfig';
import { formatProblems } from '../config/validateConfig';

export interface CheckConfigReport {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * `battery-aggregator check-config [FILE] [--print]`: the daemon's own validation, without a bus.
 * Exit 0 and `valid` (or, with --print, the effective config as JSON), or exit 1 and every problem.
 */
export async function runCheckConfigCommand(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({ args: argv, options: { print: { type: 'boolean', default: false } }, allowPositionals: true });
  } catch (err) {
    process.stderr.write(`battery-aggregator check-config: ${(err as Error).message}\n`);
    return 2;
  }
  if (args.positionals.length > 1) {
    process.stderr.write(`battery-aggregator check-config: expected at most one config file, got ${args.positionals.length}\n`);
    return 2;
  }
  const report = checkConfigReport(loadConfig(args.positionals[0] ?? DEFAULT_CONFIG_PATH), args.values.print);
  process.stdout.write(report.stdout);
  process.stderr.write(report.stderr);
  return report.code;
}

/** What check-config says about a loaded file; pure, so that any file at all can be shown to get a verdict. */
export function checkConfigReport(loaded: LoadedConfig, print: boolean): CheckConfigReport {
  if (!loaded.ok) {
    const count = loaded.problems.length;
    const summary = `${count} problem${count === 1 ? '' : 's'} in ${loaded.file}; the daemon would refuse to start`;
    return { code: 1, stdout: '', stderr: `${formatProblems(loaded.problems, loaded.file)}\n${summary}\n` };
  }
  const note = loaded.missing ? `${loaded.file}: no such file; the daemon would run on the defaults\n` : '';
  return { code: 0, stdout: print ? `${JSON.stringify(loaded.config, null, 2)}\n` : 'valid\n', stderr: note };
}
