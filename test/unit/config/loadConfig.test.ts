import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_CONFIG } from '../../../src/config/defaults';
import { loadConfig } from '../../../src/config/loadConfig';
import { formatProblems } from '../../../src/config/validateConfig';

test('loadConfig: a missing file means defaults, an unreadable one is a problem, a byte order mark is ignored', () => {
  const dir = mkdtempSync(join(tmpdir(), 'battery-aggregator-load-config-'));
  try {
    assert.deepEqual(loadConfig(join(dir, 'missing.json')), { ok: true, config: DEFAULT_CONFIG, given: {}, file: join(dir, 'missing.json'), missing: true });

    const unreadable = loadConfig(dir);
    assert.ok(!unreadable.ok);
    assert.match(formatProblems(unreadable.problems), /^\(top level\): cannot read .*EISDIR/);

    const withBom = join(dir, 'bom.json');
    writeFileSync(withBom, '\uFEFF{ "capacity": 200 }');
    const loaded = loadConfig(withBom);
    assert.ok(loaded.ok);
    assert.equal(loaded.config.capacity, 200);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
