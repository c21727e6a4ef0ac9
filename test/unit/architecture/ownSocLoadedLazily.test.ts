import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { test } from 'node:test';
import ts from 'typescript';

const SRC = resolve(__dirname, '..', '..', '..', 'src');

/** Files a file loads at run time: static imports and re-exports, not `import type` nor dynamic `import()`. */
function runtimeImportsOf(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest);
  const targets: string[] = [];
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement) && !statement.importClause?.isTypeOnly) targets.push((statement.moduleSpecifier as ts.StringLiteral).text);
    if (ts.isExportDeclaration(statement) && !statement.isTypeOnly && statement.moduleSpecifier) targets.push((statement.moduleSpecifier as ts.StringLiteral).text);
  }
  return targets
    .filter((name) => name.startsWith('.'))
    .map((name) => resolve(dirname(file), name).replace(/\.js$/, ''))
    .map((base) => [`${base}.ts`, `${base}/index.ts`].find(existsSync))
    .filter((target): target is string => target !== undefined);
}

function staticClosure(entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const next of runtimeImportsOf(file)) visit(next);
  };
  visit(entry);
  return seen;
}

test('the daemon loads the own SoC counter only by dynamic import (ownSoc off costs nothing)', () => {
  const closure = [...staticClosure(resolve(SRC, 'cli', 'daemonCommand.ts'))].map((file) => relative(SRC, file));
  assert.ok(closure.includes('app/aggregator.ts'), 'the walk reaches the aggregator');
  assert.ok(closure.includes('pipeline/aggregatorPipeline.ts'), 'and the pipeline');
  assert.deepEqual(
    closure.filter((file) => ['app/ownSocCounter.ts', 'pipeline/ownSoc/ownSocCounter.ts', 'pipeline/ownSoc/storedOwnSoc.ts'].includes(file)),
    [],
  );
});

test('the daemon loads the status page only by dynamic import (statusPage off costs nothing)', () => {
  const closure = [...staticClosure(resolve(SRC, 'cli', 'daemonCommand.ts'))].map((file) => relative(SRC, file));
  assert.ok(closure.includes('app/aggregator.ts'), 'the walk reaches the aggregator');
  // the snapshot (shared with `status`) and its formatter are small; the server, history and page are not loaded
  assert.deepEqual(
    closure.filter((file) => file.startsWith('status/') || file.includes('uplot')),
    [],
  );
});
