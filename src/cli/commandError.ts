/** Writes a command's error as one line on stderr (parseArgs explains itself over several). */
export function writeCommandError(command: string, err: unknown): void {
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`battery-aggregator ${command}: ${message.replace(/\s*\n\s*/g, ' ')}\n`);
}
