import createDebug from 'debug';
import { formatWithOptions } from 'node:util';

/**
 * Logging through `debug` namespaces `battery-aggregator:<level>:<scope>`, written to stdout one line per
 * event: `<ISO time> <LEVEL> <scope>: <message>`. Levels are Victron's (`/LogLevel`); a level enables its
 * namespace and the ones above it at runtime, and `DEBUG=` in the environment still wins for developers.
 * Use `%s`/`%d`/`%o` placeholders, not template strings: a disabled call then costs almost nothing.
 */
export const LOG_LEVELS = ['DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const ROOT = 'battery-aggregator';
const NAMESPACE_LEVEL = { debug: 'DEBUG', info: 'INFO', warn: 'WARNING', error: 'ERROR' } as const;
type Severity = keyof typeof NAMESPACE_LEVEL;

export interface Logger {
  debug(format: string, ...args: unknown[]): void;
  info(format: string, ...args: unknown[]): void;
  warn(format: string, ...args: unknown[]): void;
  error(format: string, ...args: unknown[]): void;
  /** True when `debug` lines would be written: guard costly argument building with it. */
  readonly debugEnabled: boolean;
}

export function isLogLevel(value: unknown): value is LogLevel {
  return typeof value === 'string' && (LOG_LEVELS as readonly string[]).includes(value);
}

/** The namespaces a level enables. */
export function namespacesFor(level: LogLevel): string {
  const enabled: Severity[] =
    level === 'DEBUG' ? ['debug', 'info', 'warn', 'error'] : level === 'INFO' ? ['info', 'warn', 'error'] : level === 'WARNING' ? ['warn', 'error'] : ['error'];
  return enabled.map((severity) => `${ROOT}:${severity}:*`).join(',');
}

/** Whether a developer set `DEBUG=` for this process: read once, since debug's `enable()` writes that variable. */
const DEBUG_FROM_ENVIRONMENT = Boolean(process.env.DEBUG);

let currentLevel: LogLevel = 'INFO';
let write: (line: string) => void = (line) => {
  process.stdout.write(line);
};

/** Sets the level at once for every logger; ignored while `DEBUG=` in the environment decides. */
export function setLogLevel(level: LogLevel): void {
  currentLevel = level;
  if (DEBUG_FROM_ENVIRONMENT) return;
  createDebug.enable(namespacesFor(level));
  // enable() saved the namespaces in process.env.DEBUG: left there, every later call would take them for a
  // developer's (and be ignored), and child processes would inherit them.
  delete process.env.DEBUG;
}

export function getLogLevel(): LogLevel {
  return currentLevel;
}

/** Redirects log output (tests capture it); returns the previous writer. */
export function setLogWriter(writer: (line: string) => void): (line: string) => void {
  const previous = write;
  write = writer;
  return previous;
}

/**
 * Control characters from the bus (names, values) must not forge log lines or steer a terminal: C0, DEL, C1
 * (U+009B starts an escape sequence on some terminals), the Unicode line and paragraph separators, and the
 * bidirectional overrides that make a line read other than it is.
 */
function escapeControl(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => {
    if (c === '\n') return '\\n';
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16)}`;
  });
}

createDebug.formatArgs = function formatArgs(this: createDebug.Debugger, args: unknown[]) {
  const [, severity, ...scope] = this.namespace.split(':');
  const level = NAMESPACE_LEVEL[severity as Severity] ?? severity?.toUpperCase() ?? '';
  const time = process.env.DEBUG_HIDE_DATE ? '' : `${new Date().toISOString()} `;
  args[0] = `${time}${level.padEnd(7)} ${scope.join(':') || ROOT}: ${String(args[0])}`;
};
createDebug.log = (...args: unknown[]) => {
  write(`${escapeControl(formatWithOptions({ breakLength: Infinity, depth: 4 }, ...args))}\n`);
};

setLogLevel('INFO');

export function createLogger(scope: string): Logger {
  const make = (severity: Severity) => {
    const instance = createDebug(`${ROOT}:${severity}:${scope}`);
    (instance as unknown as { useColors: boolean }).useColors = false;
    return instance;
  };
  const debug = make('debug');
  const info = make('info');
  const warn = make('warn');
  const error = make('error');
  return {
    debug: (format, ...args) => debug(format, ...args),
    info: (format, ...args) => info(format, ...args),
    warn: (format, ...args) => warn(format, ...args),
    error: (format, ...args) => error(format, ...args),
    get debugEnabled() {
      return debug.enabled;
    },
  };
}
