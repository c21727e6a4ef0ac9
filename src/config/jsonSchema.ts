import * as t from 'io-ts';
import { ConfigFile } from './codec';
import { CODEC_NOTES } from './codecNotes';
import { DEFAULT_CONFIG, LIMIT_SMOOTHING_DEFAULTS, OWN_SOC_DEFAULTS, STATUS_PAGE_DEFAULTS } from './defaults';
import { KEY_DESCRIPTIONS } from './keyDescriptions';
import { objectKeysOf } from './objectCodec';

export type JsonSchema = Record<string, unknown>;

/**
 * The config file's JSON Schema (draft 2020-12), generated from the codec so that editors and other tools check
 * what the daemon checks. Brands become patterns and bounds through `CODEC_NOTES`; each key carries its
 * description and default.
 */
export function configJsonSchema(): JsonSchema {
  const defs: Record<string, JsonSchema> = {};
  const root = schemaOf(ConfigFile, [], defs);
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: 'battery-aggregator configuration',
    description: 'Every key is optional; a missing key takes its default.',
    ...root,
    $defs: defs,
  };
}

/** A named codec of `CODEC_NOTES` is written once under `$defs` and referred to wherever it is used. */
function schemaOf(codec: t.Mixed, keys: readonly string[], defs: Record<string, JsonSchema>): JsonSchema {
  const note = CODEC_NOTES[codec.name];
  if (note === undefined) return inlineSchemaOf(codec, keys, defs);
  defs[codec.name] ??= { description: note.expected, ...inlineSchemaOf(codec, keys, defs) };
  return { $ref: `#/$defs/${codec.name}` };
}

function inlineSchemaOf(codec: t.Mixed, keys: readonly string[], defs: Record<string, JsonSchema>): JsonSchema {
  const object = objectKeysOf(codec);
  if (object) {
    const properties = Object.fromEntries(Object.entries(object.props).map(([key, inner]) => [key, keySchema(inner, [...keys, key], defs)]));
    const required = object.required.length > 0 ? { required: [...object.required] } : {};
    return { type: 'object', properties, ...required, additionalProperties: false };
  }
  if (codec instanceof t.DictionaryType) {
    return { type: 'object', propertyNames: schemaOf(codec.domain as t.Mixed, keys, defs), additionalProperties: schemaOf(codec.codomain as t.Mixed, keys, defs) };
  }
  if (codec instanceof t.ArrayType) return { type: 'array', items: schemaOf(codec.type as t.Mixed, keys, defs) };
  if (codec instanceof t.UnionType) return { anyOf: (codec.types as t.Mixed[]).map((branch) => schemaOf(branch, keys, defs)) };
  if (codec instanceof t.KeyofType) return { type: 'string', enum: Object.keys(codec.keys as object) };
  if (codec instanceof t.RefinementType) {
    const extra = CODEC_NOTES[codec.name]?.schema;
    if (extra === undefined) throw new Error(`no JSON Schema for the refinement ${codec.name}: add it to CODEC_NOTES`);
    return { ...schemaOf(codec.type as t.Mixed, keys, defs), ...extra };
  }
  if (['string', 'number', 'boolean', 'null'].includes(codec.name)) return { type: codec.name };
  throw new Error(`no JSON Schema for the codec ${codec.name}`);
}

/** A key's schema with its description and, where there is one, its default. */
function keySchema(codec: t.Mixed, keys: readonly string[], defs: Record<string, JsonSchema>): JsonSchema {
  const path = keys.join('.');
  const description = (KEY_DESCRIPTIONS as Record<string, string | undefined>)[path];
  if (description === undefined) throw new Error(`no description for the config key ${path}: add it to KEY_DESCRIPTIONS`);
  // a switchable group (ownSoc, limitSmoothing, statusPage) is null by default, but its options have defaults once it is on
  const withGroups = { ...DEFAULT_CONFIG, ownSoc: OWN_SOC_DEFAULTS, limitSmoothing: LIMIT_SMOOTHING_DEFAULTS, statusPage: STATUS_PAGE_DEFAULTS };
  const byDefault = keys.length === 1 && (keys[0] === 'ownSoc' || keys[0] === 'limitSmoothing' || keys[0] === 'statusPage') ? null : keys.reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], withGroups);
  return { ...schemaOf(codec, keys, defs), description, ...(byDefault === null || byDefault === undefined ? {} : { default: byDefault }) };
}
