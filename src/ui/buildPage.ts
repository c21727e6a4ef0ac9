import { build, type Plugin } from 'esbuild';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * Builds the config generator into one self-contained HTML file: the page's script (with the project's own
 * config codec and validation) and its CSS are inlined, so it works offline, from a file or from `config-ui`.
 */

const UI = __dirname;
export const DEFAULT_PAGE_FILE = resolve(UI, '..', '..', 'dist', 'config-generator.html');

/**
 * The codec takes LOG_LEVELS from the logger, which is node-only (debug, node:util, process). The browser gets
 * that one declaration, cut from the logger's own source, so the levels stay written once.
 */
const logLevelsOnly: Plugin = {
  name: 'log-levels-only',
  setup(b) {
    b.onResolve({ filter: /\/log\/logger$/ }, (args) => ({ path: resolve(args.resolveDir, `${args.path}.ts`), namespace: 'log-levels' }));
    b.onLoad({ filter: /.*/, namespace: 'log-levels' }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      const declaration = /^export const LOG_LEVELS = \[[^\]]*\] as const;$/m.exec(source);
      if (!declaration) throw new Error(`${args.path} no longer declares LOG_LEVELS as one literal line: update ${__filename}`);
      return { contents: `${declaration[0]}\nexport type LogLevel = (typeof LOG_LEVELS)[number];\n`, loader: 'ts' };
    });
  },
};

/** The bundled page as HTML text. */
export async function buildConfigPageHtml(): Promise<string> {
  const result = await build({
    entryPoints: [resolve(UI, 'main.ts')],
    bundle: true,
    write: false,
    platform: 'browser', // any node: import is then a build error, not a broken page
    format: 'iife',
    target: 'es2020',
    minify: true,
    legalComments: 'none',
    plugins: [logLevelsOnly],
    logLevel: 'silent',
  });
  const script = result.outputFiles[0]!.text.replace(/<\/(script)/gi, '<\\/$1');
  const css = readFileSync(resolve(UI, 'page.css'), 'utf8');
  const template = readFileSync(resolve(UI, 'page.html'), 'utf8');
  return template.replace('/*STYLE*/', () => css).replace('/*SCRIPT*/', () => script);
}

export async function buildConfigPage(file = DEFAULT_PAGE_FILE): Promise<string> {
  const html = await buildConfigPageHtml();
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, html);
  return file;
}

if (require.main === module) {
  buildConfigPage(process.argv[2]).then(
    (file) => console.log(`wrote ${file}`),
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(1);
    },
  );
}
