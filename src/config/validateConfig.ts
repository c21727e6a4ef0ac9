import { isLeft } from 'fp-ts/Either';
import { ConfigFile } from './codec';
import { codecProblems } from './codecProblems';
import { withDefaults, type Config } from './defaults';
import { formatPath } from './jsonPath';
import { parseJsonText, type JsonLocations, type TextPosition } from './jsonText';

/** One thing wrong with a config file: where (a JSON path such as `ir.maxPercentageError`, and line:column
 * when the text is known) and what. */
export interface ConfigProblem {
  readonly path: string;
  readonly message: string;
  readonly at?: TextPosition;
}

export type ConfigResult =
  | { readonly ok: true; readonly config: Config; /** The keys the file set. */ readonly given: ConfigFile }
  | { readonly ok: false; readonly problems: readonly ConfigProblem[] };

/** Validates parsed JSON against the codec; every problem at once, unknown keys included. */
export function validateConfig(json: unknown, locations?: JsonLocations): ConfigResult {
  const problems: ConfigProblem[] = codecProblems(ConfigFile, json).map(({ path, on, message }) => ({
    path: formatPath(path),
    message,
    at: on === 'key' ? locations?.key(path) : locations?.value(path),
  }));
  const decoded = ConfigFile.decode(json);
  // The codec has the last word: should the walk ever miss what io-ts refuses, the file is still refused.
  if (isLeft(decoded) && problems.length === 0) problems.push({ path: '', message: 'does not match the configuration codec' });
  if (problems.length > 0 || isLeft(decoded)) return { ok: false, problems: inTextOrder(problems) };
  return { ok: true, config: withDefaults(decoded.right), given: decoded.right };
}

/** Parses and validates a config file's text: invalid JSON is one problem at its line and column; repeated keys
 * and every mismatch with the codec are all reported, in the order of the text. */
export function parseConfig(text: string): ConfigResult {
  // Editors on Windows may start a UTF-8 file with a byte order mark; it is not part of the JSON.
  const parsed = parseJsonText(text.startsWith('\uFEFF') ? text.slice(1) : text);
  if (!parsed.ok) return { ok: false, problems: [{ path: '', message: `invalid JSON: ${parsed.message}`, at: parsed.at }] };
  const duplicates: ConfigProblem[] = parsed.duplicates.map(({ path, at, first }) => ({
    path: formatPath(path),
    message: `duplicate key (first given at ${first.line}:${first.column}); give each key once`,
    at,
  }));
  const result = validateConfig(parsed.value, parsed.locations);
  if (duplicates.length === 0) return result;
  return { ok: false, problems: inTextOrder([...duplicates, ...(result.ok ? [] : result.problems)]) };
}

function inTextOrder(problems: ConfigProblem[]): ConfigProblem[] {
  const rank = (p: ConfigProblem) => (p.at ? p.at.line * 1e9 + p.at.column : 0);
  return [...problems].sort((a, b) => rank(a) - rank(b));
}

/** One line per problem, as compilers write them: `file:line:column: path: message`. */
export function formatProblems(problems: readonly ConfigProblem[], file?: string): string {
  return problems
    .map((p) => {
      const where = [file, p.at && `${p.at.line}:${p.at.column}`].filter((part) => part !== undefined).join(':');
      return `${where === '' ? '' : `${where}: `}${p.path || '(top level)'}: ${p.message}`;
    })
    .join('\n');
}
