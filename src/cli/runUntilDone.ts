import type { Logger } from '../log/logger';

/**
 * Resolves with the exit code of a command that runs until told to stop: 0 when `duration` seconds are
 * over (0 = no limit) or SIGINT/SIGTERM arrives, 1 when `lost` resolves (the bus went away).
 */
export function runUntilDone(duration: number, lost: Promise<unknown>, log: Logger): Promise<number> {
  return new Promise((resolve) => {
    const finish = (code: number) => {
      clearTimeout(timer);
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      resolve(code);
    };
    const onSignal = (signal: NodeJS.Signals) => {
      log.info('%s: stopping', signal);
      finish(0);
    };
    const timer = duration > 0 ? setTimeout(() => finish(0), duration * 1000) : undefined;
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    void lost.then(() => finish(1));
  });
}
