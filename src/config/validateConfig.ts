import * as t from 'io-ts';
import { isLeft } from 'fp-ts/Either';
import { ConfigFile } from './codec';
import { withDefaults, type Config } from './defaults';

/** One thing wrong with a config file: where (a JSON path such as `ir.maxPercentageError`) and what. */
export interface ConfigProblem {
  readonly path: string;
  readonly message: string;
}

export type ConfigResult =
  | { readonly ok: true; readonly config: Config; /** The keys the file set. */ readonly given: ConfigFile }
  | { readonly ok: false; readonly problems: readonly ConfigProblem[] };

const EXPECTED: Record<string, string> = {
  BatteryServiceName: 'a battery service name (com.victronenergy.battery.<name>)',
  ServiceRef: 'a battery service name (com.victronenergy.battery.<name>) or name:<custom name>',
  DbusPath: 'a D-Bus path starting with / (e.g. /Soc)',
  ServiceSelection: 'a list of services, or a map of service to a list of paths',
  Positive: 'a number greater than 0',
  NonNegative: 'a number of 0 or more',
};

/** Validates parsed JSON against the codec; every problem at once, unknown keys included. */
export function validateConfig(json: unknown): ConfigResult {
  const problems = [...unknownKeys(ConfigFile, json, '')];
  const decoded = ConfigFile.decode(json);
  if (isLeft(decoded)) problems.push(...report(decoded.left));
  if (problems.length > 0 || isLeft(decoded)) return { ok: false, problems: dedupe(problems) };
  return { ok: true, config: withDefaults(decoded.right), given: decoded.right };
}

/** Parses and validates a config file's text; invalid JSON is one problem at the top. */
export function parseConfig(text: string): ConfigResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { ok: false, problems: [{ path: '', message: `invalid JSON: ${(err as Error).message}` }] };
  }
  return validateConfig(json);
}

export function formatProblems(problems: readonly ConfigProblem[]): string {
  return problems.map((p) => `${p.path || '(top level)'}: ${p.message}`).join('\n');
}

/**
 * io-ts strips keys it does not know, and so does a `t.record` for keys its domain refuses (a misspelt
 * service name in `virtualBatteries` or a `primaryServices` map would vanish): such keys must be errors,
 * not silently ignored.
 */
function unknownKeys(codec: t.Mixed, value: unknown, path: string): ConfigProblem[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [];
  if (codec instanceof t.PartialType || codec instanceof t.InterfaceType) {
    const props = codec.props as Record<string, t.Mixed>;
    return Object.entries(value).flatMap(([key, inner]) =>
      key in props ? unknownKeys(props[key]!, inner, join(path, key)) : [{ path: join(path, key), message: 'unknown key' }],
    );
  }
  if (codec instanceof t.DictionaryType) {
    const domain = codec.domain as t.Mixed;
    const codomain = codec.codomain as t.Mixed;
    return Object.entries(value).flatMap(([key, inner]) =>
      domain.is(key)
        ? unknownKeys(codomain, inner, join(path, key))
        : [{ path: join(path, key), message: `expected ${expectedOf(domain)}, got ${describe(key)}` }],
    );
  }
  if (codec instanceof t.UnionType) return (codec.types as t.Mixed[]).flatMap((type) => unknownKeys(type, value, path));
  return [];
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  const json = JSON.stringify(value);
  return json.length > 60 ? `${json.slice(0, 57)}...` : json;
}

/** Turns io-ts errors into `path: expected X, got Y`, reporting a union once at the union, not per branch. */
function report(errors: t.Errors): ConfigProblem[] {
  return errors.map(({ context }) => {
    const keys: string[] = [];
    let at = context[0]!;
    for (let i = 1; i < context.length && !(at.type instanceof t.UnionType); i++) {
      at = context[i]!;
      keys.push(at.key);
    }
    return { path: keys.join('.'), message: `expected ${expectedOf(at.type as t.Mixed)}, got ${describe(at.actual)}` };
  });
}

/** A codec described for people: `a list of ...`, `one of "ir", "capacity"`. */
function expectedOf(codec: t.Mixed): string {
  if (codec.name in EXPECTED) return EXPECTED[codec.name]!;
  if (codec instanceof t.KeyofType) return `one of ${Object.keys(codec.keys as object).map((k) => JSON.stringify(k)).join(', ')}`;
  if (codec instanceof t.ArrayType) return `a list of ${expectedOf(codec.type as t.Mixed).replace(/^an? /, '')}s`;
  if (codec instanceof t.DictionaryType) return `a map of ${expectedOf(codec.domain as t.Mixed)} to ${expectedOf(codec.codomain as t.Mixed)}`;
  if (codec instanceof t.PartialType || codec instanceof t.InterfaceType) return 'an object';
  if (codec.name === 'string') return 'a text';
  if (codec.name === 'number') return 'a number';
  return codec.name;
}

function dedupe(problems: ConfigProblem[]): ConfigProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.path}\u0000${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
