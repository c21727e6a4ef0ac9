import * as t from 'io-ts';
import { isRight } from 'fp-ts/Either';
import { CODEC_NOTES } from './codecNotes';
import type { JsonPath } from './jsonPath';
import { objectKeysOf, type ObjectKeys } from './objectCodec';
import { closestMatch } from './suggest';

/** One mismatch between a JSON value and a codec: at a key (an unknown or malformed key) or at a value. */
export interface CodecProblem {
  readonly path: JsonPath;
  readonly on: 'key' | 'value';
  readonly message: string;
}

/**
 * Walks a codec and a JSON value side by side and reports every mismatch, as deep as it can be pinned:
 * unlike io-ts's own errors, an unknown key is a problem (io-ts lets it pass unchecked), a union is followed into
 * the branch of the value's shape (a bad path inside a map is reported at that path), and each message says
 * what was expected, what was found and, for a near miss, what was probably meant.
 */
export function codecProblems(codec: t.Mixed, value: unknown, path: JsonPath = []): CodecProblem[] {
  const keys = objectKeysOf(codec);
  if (keys) return objectProblems(codec, keys, value, path);
  if (codec instanceof t.DictionaryType) return dictionaryProblems(codec, value, path);
  if (codec instanceof t.ArrayType) {
    if (!Array.isArray(value)) return [mismatch(codec, value, path)];
    return value.flatMap((item, i) => codecProblems(codec.type as t.Mixed, item, [...path, i]));
  }
  if (codec instanceof t.UnionType) return unionProblems(codec, value, path);
  if (codec instanceof t.KeyofType) {
    if (typeof value === 'string' && Object.hasOwn(codec.keys as object, value)) return [];
    const suggestion = typeof value === 'string' ? closestMatch(value, Object.keys(codec.keys as object)) : undefined;
    return [mismatch(codec, value, path, suggestion)];
  }
  if (codec instanceof t.RefinementType) {
    // The base type first: a text where a positive number belongs is told what the number must be.
    const baseFits = codecProblems(codec.type as t.Mixed, value, path).length === 0;
    if (baseFits && (codec.predicate as (v: unknown) => boolean)(value)) return [];
    const suggestion = baseFits && typeof value === 'string' ? CODEC_NOTES[codec.name]?.suggest?.(value) : undefined;
    return [mismatch(codec, value, path, suggestion)];
  }
  return isRight(codec.decode(value)) ? [] : [mismatch(codec, value, path)];
}

function objectProblems(codec: t.Mixed, { props, required }: ObjectKeys, value: unknown, path: JsonPath): CodecProblem[] {
  if (!isPlainObject(value)) return [mismatch(codec, value, path)];
  const known = Object.keys(props);
  const problems = Object.entries(value).flatMap(([key, inner]): CodecProblem[] => {
    if (Object.hasOwn(props, key)) return codecProblems(props[key]!, inner, [...path, key]);
    const suggestion = closestMatch(key, known);
    return [{ path: [...path, key], on: 'key', message: `unknown key${suggestion === undefined ? '' : `; did you mean "${suggestion}"?`}` }];
  });
  for (const key of required) if (!Object.hasOwn(value, key)) problems.push({ path, on: 'value', message: `missing key "${key}"` });
  return problems;
}

/** A map's keys are checked too: io-ts drops a key its domain refuses, which would make a misspelt service vanish. */
function dictionaryProblems(codec: t.DictionaryType<t.Mixed, t.Mixed>, value: unknown, path: JsonPath): CodecProblem[] {
  if (!isPlainObject(value)) return [mismatch(codec, value, path)];
  return Object.entries(value).flatMap(([key, inner]) => {
    const keyProblems = codecProblems(codec.domain, key, [...path, key]).map((problem) => ({ ...problem, on: 'key' as const }));
    return [...keyProblems, ...codecProblems(codec.codomain, inner, [...path, key])];
  });
}

/** Follows the one branch of the value's shape (list or map, say); with none, or several, reports the union. */
function unionProblems(codec: t.UnionType<t.Mixed[]>, value: unknown, path: JsonPath): CodecProblem[] {
  const branches = codec.types.filter((branch) => shapeOf(branch) === jsonKind(value));
  if (branches.length === 1) return codecProblems(branches[0]!, value, path);
  return codec.types.some((branch) => codecProblems(branch, value, path).length === 0) ? [] : [mismatch(codec, value, path)];
}

type JsonKind = 'object' | 'array' | 'string' | 'number' | 'boolean' | 'null' | 'other';

function jsonKind(value: unknown): JsonKind {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (isPlainObject(value)) return 'object';
  const type = typeof value;
  return type === 'string' || type === 'number' || type === 'boolean' ? type : 'other';
}

/** The JSON kind a codec accepts, where it accepts only one. */
function shapeOf(codec: t.Mixed): JsonKind | undefined {
  if (objectKeysOf(codec) !== undefined || codec instanceof t.DictionaryType) return 'object';
  if (codec instanceof t.ArrayType) return 'array';
  if (codec instanceof t.KeyofType) return 'string';
  if (codec instanceof t.RefinementType) return shapeOf(codec.type as t.Mixed);
  if (codec.name === 'string' || codec.name === 'number' || codec.name === 'boolean' || codec.name === 'null') return codec.name;
  return undefined;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function mismatch(codec: t.Mixed, value: unknown, path: JsonPath, suggestion?: string): CodecProblem {
  const meant = suggestion === undefined ? '' : `; did you mean ${JSON.stringify(suggestion)}?`;
  return { path, on: 'value', message: `expected ${expectedOf(codec)}, got ${describeFound(value, shapeOf(codec) !== 'string')}${meant}` };
}

/** A codec described for people: `a list of ...`, `one of "ir", "capacity"`. */
function expectedOf(codec: t.Mixed): string {
  const note = CODEC_NOTES[codec.name];
  if (note) return note.expected;
  if (codec instanceof t.KeyofType) return `one of ${Object.keys(codec.keys as object).map((k) => JSON.stringify(k)).join(', ')}`;
  if (codec instanceof t.ArrayType) return `a list, each ${expectedOf(codec.type as t.Mixed)}`;
  if (codec instanceof t.DictionaryType) return `an object mapping each ${expectedOf(codec.domain as t.Mixed)} to ${expectedOf(codec.codomain as t.Mixed)}`;
  if (objectKeysOf(codec) !== undefined) return 'an object';
  if (codec.name === 'string') return 'a text';
  if (codec.name === 'number') return 'a number';
  if (codec.name === 'boolean') return 'true or false';
  return codec.name;
}

const SHOWN_LENGTH = 60;

/** The found value as JSON, cut short; a number written in quotes is pointed out where a text is not what is wanted. */
function describeFound(value: unknown, textUnwanted: boolean): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  const json = JSON.stringify(value);
  const shown = json.length > SHOWN_LENGTH ? `${json.slice(0, SHOWN_LENGTH - 3)}...` : json;
  const quotedNumber = textUnwanted && typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value));
  return quotedNumber ? `${shown} (a text: write numbers without quotes)` : shown;
}
