import { build } from 'esbuild';
import { chmodSync, cpSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ASSETS_FILE } from '../status/pageAssets';
import { writeStatusPageAssets } from '../status/page/buildStatusPage';

/**
 * One self-contained file for the GX: `node battery-aggregator.js` needs no node_modules. Target: the
 * oldest Node.js of Venus OS "large" images still in the field (18). Beside it, the daemontools service
 * and the installer from `service/`.
 */
export const NODE_TARGET = 'node18';
export const BUNDLE_FILE = 'battery-aggregator.js';

const ROOT = resolve(__dirname, '..', '..');

export async function buildBundle(outDir: string): Promise<string> {
  const outfile = join(outDir, BUNDLE_FILE);
  await build({
    entryPoints: [join(ROOT, 'src/cli/main.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    target: NODE_TARGET,
    format: 'cjs',
    // dbus-next requires these only on paths we do not take: usocket (native, optional) inside a try that
    // falls back to node:net, x11 for X11 session-bus discovery. Left out, the require fails and is caught.
    external: ['usocket', 'x11'],
    // The libraries' ES module builds, so that only what we import is bundled: rxjs's CommonJS index loads
    // every operator it has (0.97 -> 0.59 MB, 2-3 MB less peak RSS). Its exports map names the CommonJS
    // build for Node first, hence the alias; esm5 is ES5 like that build (its ES2015 one ran slower here).
    mainFields: ['module', 'main'],
    // Only dbus-next imports `assert` and `crypto` by these names: they load Node's modules when first used.
    alias: {
      xml2js: join(ROOT, 'src/devtools/xml2jsStub.ts'),
      rxjs: join(ROOT, 'node_modules/rxjs/dist/esm5/index.js'),
      assert: join(ROOT, 'src/devtools/lazyAssert.ts'),
      crypto: join(ROOT, 'src/devtools/lazyCrypto.ts'),
    },
    // Readable stack traces in the GX log matter more than a few kilobytes. They name functions as the
    // source does without `keepNames`, which would define a `name` on each function as it is created: an
    // extra property store for every closure, about 0.5 MB of heap.
    minify: false,
    legalComments: 'eof',
    logLevel: 'warning',
  });
  // the status page's html, script (with uPlot) and css, which the daemon reads only when the page is on
  await writeStatusPageAssets(join(outDir, ASSETS_FILE));
  cpSync(join(ROOT, 'service'), join(outDir, 'service'), { recursive: true });
  for (const file of executables(outDir)) chmodSync(file, 0o755);
  return outfile;
}

/** The scripts daemontools and the installer run; git keeps their mode, a copy might not. */
function executables(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return executables(path);
    return name === 'run' || name.endsWith('.sh') ? [path] : [];
  });
}

if (require.main === module) {
  const outDir = resolve(process.argv[2] ?? join(ROOT, 'dist/bundle'));
  mkdirSync(outDir, { recursive: true });
  buildBundle(outDir).then(
    (file) => process.stdout.write(`${file}\n`),
    (err: unknown) => {
      process.stderr.write(`bundle: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    },
  );
}
