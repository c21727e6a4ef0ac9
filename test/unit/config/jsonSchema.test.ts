import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import * as t from 'io-ts';
import Ajv2020 from 'ajv/dist/2020';
import { ConfigFile } from '../../../src/config/codec';
import { configJsonSchema, type JsonSchema } from '../../../src/config/jsonSchema';
import { parseConfig } from '../../../src/config/validateConfig';
import { anyText, validConfig } from './configArbitraries';
import { MALFORMED, README_EXAMPLES } from './configTables';

const schema = configJsonSchema();
const validate = new Ajv2020({ strict: true, allErrors: true }).compile(schema);

/** The schema of a `$ref`, followed. */
function resolved(node: JsonSchema): JsonSchema {
  const ref = node.$ref as string | undefined;
  return ref === undefined ? node : resolved((schema.$defs as Record<string, JsonSchema>)[ref.replace('#/$defs/', '')]!);
}

test('the schema is valid draft 2020-12 JSON Schema (ajv compiles it in strict mode)', () => {
  assert.equal(schema.$schema, 'https://json-schema.org/draft/2020-12/schema');
  assert.equal(typeof validate, 'function');
});

test('every key of the codec is in the schema, described, and no other key is allowed', () => {
  const check = (codec: t.PartialType<t.Props>, node: JsonSchema, at: string) => {
    const properties = node.properties as Record<string, JsonSchema>;
    assert.deepEqual(Object.keys(properties), Object.keys(codec.props), at);
    assert.equal(node.additionalProperties, false, at);
    for (const [key, inner] of Object.entries(codec.props)) {
      assert.equal(typeof properties[key]!.description, 'string', `${at}${key} is described`);
      if (inner instanceof t.PartialType) check(inner, resolved(properties[key]!), `${at}${key}.`);
    }
  };
  check(ConfigFile, schema, '');
});

test('every enum of the schema equals the codec\'s, and defaults are the documented ones', () => {
  const properties = schema.properties as Record<string, JsonSchema>;
  for (const [key, codec] of Object.entries(ConfigFile.props)) {
    if (codec instanceof t.KeyofType) assert.deepEqual(resolved(properties[key]!).enum, Object.keys(codec.keys as object), key);
  }
  assert.equal(properties.cvlMode!.default, 'max_when_balancing');
  assert.equal(properties.startupBatteryWait!.default, 30);
  assert.equal(properties.capacity!.default, undefined, 'capacity has no default: it comes from the batteries');
});

/** The schema's verdict on a text JSON.parse accepts. */
const schemaAccepts = (text: string): boolean => validate(JSON.parse(text));

test('the README\'s configs and the malformed table get the same verdict from the codec and from the schema', () => {
  for (const [name, text] of Object.entries(README_EXAMPLES)) assert.ok(schemaAccepts(text), `${name}: ${JSON.stringify(validate.errors)}`);
  // Repeated keys and syntax errors never reach a schema: JSON.parse hides the one and refuses the other.
  const parsable = MALFORMED.filter(([, , report]) => !report.includes('invalid JSON') && !report.includes('duplicate key'));
  assert.ok(parsable.length >= 30);
  for (const [name, text] of parsable) assert.ok(!schemaAccepts(text), name);
});

test('for any config text, the codec and the schema agree', () => {
  fc.assert(
    fc.property(fc.oneof(anyText, validConfig.map((config) => JSON.stringify(config))), (text) => {
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        return;
      }
      assert.equal(parseConfig(JSON.stringify(json)).ok, validate(json), text);
    }),
    { numRuns: 2000 },
  );
});
