import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { servePage } from '../../../src/cli/configUiCommand';

test('config-ui serves the page at / on 127.0.0.1 and nothing else', async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'config-ui-')), 'config-generator.html');
  writeFileSync(file, '<!doctype html><title>page</title>');
  const server = await servePage(file, 0);
  try {
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    const page = await fetch(server.url);
    assert.equal(page.status, 200);
    assert.equal(page.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.match(page.headers.get('content-security-policy') ?? '', /default-src 'none'/);
    assert.equal(await page.text(), '<!doctype html><title>page</title>');
    assert.equal((await fetch(new URL('config-generator.html', server.url))).status, 200);
    assert.equal((await fetch(new URL('../etc/passwd', server.url))).status, 404);
    assert.equal((await fetch(server.url, { method: 'POST', body: 'x' })).status, 405);
    // Rebuilt while serving: the next request has the new page.
    writeFileSync(file, 'rebuilt');
    assert.equal(await (await fetch(server.url)).text(), 'rebuilt');
  } finally {
    await server.close();
  }
});
