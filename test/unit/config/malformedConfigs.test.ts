import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatProblems, parseConfig } from '../../../src/config/validateConfig';
import { MALFORMED } from './configTables';

for (const [name, text, report] of MALFORMED) {
  test(`malformed config, ${name}`, () => {
    const result = parseConfig(text);
    assert.ok(!result.ok, 'refused');
    assert.equal(formatProblems(result.problems, 'config.json'), report);
  });
}

test('the table covers every class of error', () => {
  assert.ok(MALFORMED.length >= 25);
  for (const marker of ['expected a number', 'battery service name', 'D-Bus path', 'did you mean', 'unknown key', 'duplicate key', 'invalid JSON', 'expected one of']) {
    assert.ok(MALFORMED.some(([, , report]) => report.includes(marker)), marker);
  }
  assert.ok(MALFORMED.some(([, , report]) => report.split('\n').length >= 5), 'several problems at once');
});
