import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { writeCommandError } from './commandError';
import { parseNumberOption } from './options';

/** `battery-aggregator config-ui [--port N]`: serves the built config generator page on 127.0.0.1 only. */

export const DEFAULT_UI_PORT = 8088;
const PAGE_NAME = 'config-generator.html';

/** The page `npm run build:ui` writes to dist/: beside a bundle, or seen from dist/cli (built) or src/cli (source). */
export function findConfigPage(dir = __dirname): string | null {
  return [resolve(dir, PAGE_NAME), resolve(dir, '..', PAGE_NAME), resolve(dir, '..', '..', 'dist', PAGE_NAME)].find((file) => existsSync(file)) ?? null;
}

/** Headers that let the page run its inline script and nothing else: it needs no network. */
const HEADERS = {
  'Content-Type': 'text/html; charset=utf-8',
  'Cache-Control': 'no-store',
  'Content-Security-Policy': "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:",
  'X-Content-Type-Options': 'nosniff',
};

export interface PageServer {
  readonly url: string;
  close(): Promise<void>;
}

/** Serves `file` (read per request, so a rebuild shows at reload) at `/`; anything else is 404. */
export function servePage(file: string, port: number): Promise<PageServer> {
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { Allow: 'GET, HEAD' }).end();
    } else if (path !== '/' && path !== `/${PAGE_NAME}`) {
      response.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found\n');
    } else {
      let html: Buffer;
      try {
        html = readFileSync(file);
      } catch (err) {
        response.writeHead(500, { 'Content-Type': 'text/plain' }).end(`cannot read the page: ${(err as Error).message}\n`);
        return;
      }
      response.writeHead(200, { ...HEADERS, 'Content-Length': html.length });
      response.end(request.method === 'HEAD' ? undefined : html);
    }
  });
  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolvePromise({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}

export async function runConfigUiCommand(argv: string[]): Promise<number> {
  let port: number;
  try {
    const { values } = parseArgs({ args: argv, options: { port: { type: 'string' } }, strict: true, allowPositionals: false });
    port = parseNumberOption('--port', values.port ?? String(DEFAULT_UI_PORT), { min: 0, max: 65535, integer: true });
  } catch (err) {
    writeCommandError('config-ui', err);
    return 2;
  }
  const file = findConfigPage();
  if (!file) {
    writeCommandError('config-ui', `${PAGE_NAME} not found next to the program: build it first with "npm run build:ui"`);
    return 1;
  }
  let server: PageServer;
  try {
    server = await servePage(file, port);
  } catch (err) {
    writeCommandError('config-ui', `cannot listen on 127.0.0.1:${port}: ${(err as Error).message}`);
    return 1;
  }
  process.stdout.write(`Config generator: ${server.url} (Ctrl-C stops)\n`);
  await new Promise<void>((done) => {
    process.once('SIGINT', () => done());
    process.once('SIGTERM', () => done());
  });
  await server.close();
  return 0;
}
