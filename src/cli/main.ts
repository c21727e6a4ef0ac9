#!/usr/bin/env node
import { USAGE } from './usage';

type Command = (argv: string[]) => Promise<number>;

/**
 * `battery-aggregator [CONFIG_FILE]` runs the daemon; the other commands are named first.
 * Each command parses its own arguments and resolves to the process exit code. Commands load on
 * demand: the daemon on a GX then never evaluates the simulator, the recorder or the config UI, nor
 * the Node modules they need (http, child_process: about 2 MB of resident memory).
 */
const COMMANDS: Record<string, () => Promise<Command>> = {
  simulate: async () => (await import('./simulateCommand.js')).runSimulateCommand,
  demo: async () => (await import('./demoCommand.js')).runDemoCommand,
  record: async () => (await import('./recordCommand.js')).runRecordCommand,
  replay: async () => (await import('./replayCommand.js')).runReplayCommand,
  'check-config': async () => (await import('./checkConfigCommand.js')).runCheckConfigCommand,
  schema: async () => (await import('./schemaCommand.js')).runSchemaCommand,
  status: async () => (await import('./statusCommand.js')).runStatusCommand,
  'config-ui': async () => (await import('./configUiCommand.js')).runConfigUiCommand,
};

async function main(argv: string[]): Promise<number> {
  const [first, ...rest] = argv;
  if (first === '--help' || first === '-h' || first === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  const load = first === undefined ? undefined : COMMANDS[first];
  if (load) return (await load())(rest);
  return (await import('./daemonCommand.js')).runDaemonCommand(argv);
}

// Exit explicitly: a daemon that was told to stop must not wait for a slow peer's pending call.
main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`battery-aggregator: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
