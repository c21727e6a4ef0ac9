import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const MODULE = join(__dirname, '../../../src/app/collectGarbage.ts');

/** Runs collectGarbage in a Node of its own and answers how many full (major) collections it observed. */
function majorCollections(nodeFlags: string[]): number {
  const script = `
    const { PerformanceObserver, constants } = require('node:perf_hooks');
    const { collectGarbage } = require(${JSON.stringify(MODULE)});
    let major = 0;
    const observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) if (entry.detail.kind === constants.NODE_PERFORMANCE_GC_MAJOR) major++;
    });
    observer.observe({ entryTypes: ['gc'] });
    collectGarbage();
    setTimeout(() => { observer.disconnect(); process.stdout.write(String(major)); }, 100);
  `;
  return Number(execFileSync(process.execPath, [...nodeFlags, '--import', 'tsx', '-e', script], { encoding: 'utf8' }));
}

test('collectGarbage runs one full collection when Node exposes gc (service/run starts it with --expose-gc)', () => {
  assert.equal(majorCollections(['--expose-gc']), 1);
});

test('collectGarbage does nothing without --expose-gc: the daemon runs the same from a plain node', () => {
  assert.equal(majorCollections([]), 0);
});
