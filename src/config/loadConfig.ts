import { readFileSync } from 'node:fs';
import { DEFAULT_CONFIG } from './defaults';
import { parseConfig, type ConfigResult } from './validateConfig';

export type LoadedConfig = ConfigResult & { readonly file: string; readonly missing: boolean };

/** Reads and validates a config file; a missing file means defaults, any other read error is a problem. */
export function loadConfig(file: string): LoadedConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { ok: true, config: DEFAULT_CONFIG, given: {}, file, missing: true };
    return { ok: false, problems: [{ path: '', message: `cannot read ${file}: ${(err as Error).message}` }], file, missing: false };
  }
  return { ...parseConfig(text), file, missing: false };
}
