#!/usr/bin/env node
import { runDaemonCommand } from './daemonCommand';
import { runSimulateCommand } from './simulateCommand';
import { runDemoCommand } from './demoCommand';
import { runRecordCommand } from './recordCommand';
import { runReplayCommand } from './replayCommand';
import { runCheckConfigCommand } from './checkConfigCommand';
import { runSchemaCommand } from './schemaCommand';
import { runConfigUiCommand } from './configUiCommand';
import { USAGE } from './usage';

/**
 * `battery-aggregator [CONFIG_FILE]` runs the daemon; the other commands are named first.
 * Each command parses its own arguments and resolves to the process exit code.
 */
const COMMANDS: Record<string, (argv: string[]) => Promise<number>> = {
  simulate: runSimulateCommand,
  demo: runDemoCommand,
  record: runRecordCommand,
  replay: runReplayCommand,
  'check-config': runCheckConfigCommand,
  schema: runSchemaCommand,
  'config-ui': runConfigUiCommand,
};

async function main(argv: string[]): Promise<number> {
  const [first, ...rest] = argv;
  if (first === '--help' || first === '-h' || first === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  const command = first === undefined ? undefined : COMMANDS[first];
  return command ? command(rest) : runDaemonCommand(argv);
}

// Exit explicitly: a daemon that was told to stop must not wait for a slow peer's pending call.
main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`battery-aggregator: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
