/** Placeholder until the demo command lands. */
export async function runDemoCommand(_argv: string[]): Promise<number> {
  process.stderr.write('demo: not implemented yet\n');
  return 2;
}
