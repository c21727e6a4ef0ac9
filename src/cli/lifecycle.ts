import type { Logger } from '../log/logger';

/** Exit code for a bug (EX_SOFTWARE of sysexits.h): logged with its stack, then daemontools restarts us. */
export const EXIT_SOFTWARE = 70;

/**
 * A daemon that controls chargers must not limp on after an error nobody handled: log it with its stack
 * (one line, so multilog keeps it together) and exit non-zero at once.
 */
export function exitOnUnhandledErrors(log: Logger, exit: (code: number) => void = (code) => process.exit(code)): void {
  const fail = (what: string) => (err: unknown) => {
    log.error('%s: %s; exiting', what, err instanceof Error ? (err.stack ?? err.message) : String(err));
    exit(EXIT_SOFTWARE);
  };
  process.on('uncaughtException', fail('uncaught exception'));
  process.on('unhandledRejection', fail('unhandled promise rejection'));
}

/** Resolves with the first SIGTERM or SIGINT. */
export function stopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    process.once('SIGTERM', resolve);
    process.once('SIGINT', resolve);
  });
}
