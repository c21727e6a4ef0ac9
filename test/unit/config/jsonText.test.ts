import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { MAX_DEPTH, parseJsonText, type JsonParseResult } from '../../../src/config/jsonText';
import { formatPath } from '../../../src/config/jsonPath';

function valueOf(result: JsonParseResult): unknown {
  if (!result.ok) assert.fail(`expected valid JSON, got ${result.message} at ${result.at.line}:${result.at.column}`);
  return result.value;
}

function jsonParse(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

/** A text with one character inserted, deleted or replaced somewhere: most such texts are broken JSON. */
const editedText = (text: fc.Arbitrary<string>) =>
  fc
    .tuple(text, fc.nat(), fc.constantFrom('insert', 'delete', 'replace'), fc.constantFrom(...'{}[]",:0-.eE \n\\tfnu1a'.split('')))
    .map(([s, n, edit, c]) => {
      const at = s.length === 0 ? 0 : n % s.length;
      if (edit === 'insert') return s.slice(0, at) + c + s.slice(at);
      if (edit === 'delete') return s.slice(0, at) + s.slice(at + 1);
      return s.slice(0, at) + c + s.slice(at + 1);
    });

test('accepts exactly what JSON.parse accepts, with the same value', () => {
  const texts = fc.oneof(fc.json(), fc.json().map((s) => JSON.stringify(JSON.parse(s), null, 2)), editedText(fc.json()), fc.string());
  fc.assert(
    fc.property(texts, (text) => {
      const ours = parseJsonText(text);
      const theirs = jsonParse(text);
      assert.equal(ours.ok, theirs.ok, text);
      if (ours.ok && theirs.ok) assert.deepStrictEqual(ours.value, theirs.value);
    }),
    { numRuns: 2000 },
  );
});

test('"__proto__" is an ordinary key, as JSON.parse makes it', () => {
  const value = valueOf(parseJsonText('{"__proto__": {"polluted": true}}')) as Record<string, unknown>;
  assert.deepEqual(Object.keys(value), ['__proto__']);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
});

test('records the line and column of every key and value, 1-based', () => {
  const text = '{\n  "ir": {\n    "minVoltageChange": 0.05\n  },\n  "excludedServices": [\n    "a",\t"b"\n  ]\n}';
  const result = parseJsonText(text);
  assert.ok(result.ok);
  assert.deepEqual(result.locations.value([]), { line: 1, column: 1 });
  assert.deepEqual(result.locations.key(['ir']), { line: 2, column: 3 });
  assert.deepEqual(result.locations.value(['ir']), { line: 2, column: 9 });
  assert.deepEqual(result.locations.key(['ir', 'minVoltageChange']), { line: 3, column: 5 });
  assert.deepEqual(result.locations.value(['ir', 'minVoltageChange']), { line: 3, column: 25 });
  assert.deepEqual(result.locations.value(['excludedServices', 1]), { line: 6, column: 10 });
  assert.equal(result.locations.value(['excludedServices', 2]), undefined);
});

test('reports every repeated key with both places; the value is the last, as JSON.parse has it', () => {
  const result = parseJsonText('{"a": 1,\n "b": {"c": 1, "c": 2},\n "a": 3, "a": 4}');
  assert.ok(result.ok);
  assert.deepEqual(result.value, { a: 4, b: { c: 2 } });
  assert.deepEqual(
    result.duplicates.map((d) => `${formatPath(d.path)} at ${d.at.line}:${d.at.column}, first ${d.first.line}:${d.first.column}`),
    ['b.c at 2:16, first 2:8', 'a at 3:2, first 1:2', 'a at 3:10, first 1:2'],
  );
  assert.deepEqual(result.locations.value(['a']), { line: 3, column: 15 }, 'the place of the value that counts');
});

const SYNTAX_ERRORS: [text: string, expected: string][] = [
  ['', '1:1: expected a value (an object, list, text in double quotes, number, true, false or null), got the end of the file'],
  ['{"capacity": 200', '1:17: expected "," or "}" after the value, got the end of the file'],
  ['{"capacity": 200,}', '1:18: expected a key in double quotes (JSON allows no comma before "}"), got "}"'],
  ['{\n  capacity: 200\n}', '2:3: expected a key in double quotes, got `capacity`'],
  ["{'capacity': 200}", '1:2: expected a key in double quotes, got "\'"'],
  ['{"capacity" 200}', '1:13: expected ":" after the key, got `200`'],
  ['{"a": [1, 2,]}', '1:13: expected a value (JSON allows no comma before "]"), got "]"'],
  ['{"a": [1 2]}', '1:10: expected "," or "]" after the value, got "2"'],
  ['{"a": NaN}', '1:7: expected a value (an object, list, text in double quotes, number, true, false or null), got `NaN`'],
  ['{"a": True}', '1:7: expected a value (an object, list, text in double quotes, number, true, false or null), got `True`'],
  ['{"a": 01}', '1:7: expected a number such as 200, -1.5 or 2e-3, got `01`'],
  ['{"a": 1.}', '1:7: expected a number such as 200, -1.5 or 2e-3, got `1.`'],
  ['{"a": "b\nc"}', '1:9: expected a closing double quote or an escape such as \\n (control characters must be escaped), got "\\n"'],
  ['{"a": "\\x"}', '1:8: expected an escape: one of \\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX'],
  ['{"a": "\\u12"}', '1:8: expected 4 hexadecimal digits after \\u'],
  ['{"a": "open}', '1:7: text not closed: expected a closing double quote before the end of the file'],
  ['{} {}', '1:4: expected the end of the file after the value, got "{"'],
];

for (const [text, expected] of SYNTAX_ERRORS) {
  test(`a syntax error says where and what was expected: ${JSON.stringify(text)}`, () => {
    const result = parseJsonText(text);
    assert.ok(!result.ok, 'refused');
    assert.equal(`${result.at.line}:${result.at.column}: ${result.message}`, expected);
  });
}

test('refuses absurd nesting with a message, not a stack overflow', () => {
  const result = parseJsonText('['.repeat(100000));
  assert.ok(!result.ok);
  assert.equal(result.message, `nesting deeper than ${MAX_DEPTH} levels`);
  assert.ok(parseJsonText(`${'['.repeat(MAX_DEPTH)}${']'.repeat(MAX_DEPTH)}`).ok);
});
