import { build } from 'esbuild';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** The page's three files, served from memory by the daemon. */
export interface PageAssets {
  readonly html: string;
  readonly js: string;
  readonly css: string;
}

/**
 * Builds the status page: its script with uPlot bundled in (no request leaves the page), its CSS with uPlot's,
 * and the HTML that loads both from the daemon. Run from the sources (tsx) or from tsc's dist (then the sources
 * are two levels up).
 */
const PAGE = existsSync(join(__dirname, 'main.ts')) ? __dirname : resolve(__dirname, '..', '..', '..', 'src', 'status', 'page');
const ROOT = resolve(PAGE, '..', '..', '..');

export async function buildStatusPageAssets(): Promise<PageAssets> {
  const result = await build({
    entryPoints: [join(PAGE, 'main.ts')],
    bundle: true,
    write: false,
    platform: 'browser', // a node: import is then a build error, not a broken page
    format: 'iife',
    target: 'es2020',
    minify: true,
    legalComments: 'inline', // uPlot's MIT notice stays with it
    logLevel: 'silent',
  });
  const uplotCss = readFileSync(join(ROOT, 'node_modules', 'uplot', 'dist', 'uPlot.min.css'), 'utf8');
  return {
    html: readFileSync(join(PAGE, 'page.html'), 'utf8'),
    js: result.outputFiles[0]!.text,
    css: `${uplotCss}\n${readFileSync(join(PAGE, 'page.css'), 'utf8')}`,
  };
}

/** Writes the assets as one JSON file (beside the daemon bundle). */
export async function writeStatusPageAssets(file: string): Promise<string> {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(await buildStatusPageAssets()));
  return file;
}
