/** Placeholder until the simulate command lands. */
export async function runSimulateCommand(_argv: string[]): Promise<number> {
  process.stderr.write('simulate: not implemented yet\n');
  return 2;
}
