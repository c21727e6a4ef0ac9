import { configJsonSchema } from '../config/jsonSchema';

/** `battery-aggregator schema`: the config file's JSON Schema, for editors and other tools. */
export async function runSchemaCommand(argv: string[]): Promise<number> {
  if (argv.length > 0) {
    process.stderr.write(`battery-aggregator schema: expected no arguments, got ${argv.join(' ')}\n`);
    return 2;
  }
  process.stdout.write(`${JSON.stringify(configJsonSchema(), null, 2)}\n`);
  return 0;
}
