export async function runDaemonCommand(_argv: string[]): Promise<number> {
  return 2;
}
