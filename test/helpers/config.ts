import type { Config } from '../../src/config/defaults';
import { formatProblems, validateConfig } from '../../src/config/validateConfig';

/** A config file's content, validated as the daemon would and with defaults filled in; throws when invalid. */
export function testConfig(file: object): Config {
  const result = validateConfig(file);
  if (!result.ok) throw new Error(`invalid test config:\n${formatProblems(result.problems)}`);
  return result.config;
}
