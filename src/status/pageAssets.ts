import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { PageAssets } from './page/buildStatusPage';

export type { PageAssets };

/** Written beside the daemon's bundle by `npm run bundle` (src/devtools/bundle.ts). */
export const ASSETS_FILE = 'status-page.json';

let loaded: PageAssets | undefined;

/**
 * Read once, on the first start of the page: beside this module (the bundle's directory), or else built from
 * the sources with esbuild (a development dependency: the daemon run by tsx in tests, or by `npm run demo`).
 */
export async function pageAssets(): Promise<PageAssets> {
  if (loaded) return loaded;
  const built = join(__dirname, ASSETS_FILE);
  if (existsSync(built)) {
    loaded = JSON.parse(readFileSync(built, 'utf8')) as PageAssets;
  } else {
    // a computed path, so that the bundler leaves the builder (and esbuild) out of the bundle
    const builder = join(__dirname, 'page', 'buildStatusPage');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { buildStatusPageAssets } = require(builder) as typeof import('./page/buildStatusPage');
    loaded = await buildStatusPageAssets();
  }
  return loaded;
}
