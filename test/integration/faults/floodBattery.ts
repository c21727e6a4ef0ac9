/**
 * A battery that floods the bus, run as a child process so its sending does not share the aggregator's
 * event loop: `floodBattery.ts ADDRESS NAME CHANGES_PER_SECOND SECONDS`. Each ItemsChanged carries
 * PATHS.length changes. Prints `ready` once registered and `sent <changes> in <seconds> s` when done, then waits for SIGTERM.
 */
import { BusConnection } from '../../../src/bus/busConnection';
import { BusItemService } from '../../../src/bus/busItemService';

const PATHS = ['/Dc/0/Current', '/Dc/0/Voltage', '/Dc/0/Power', '/Soc', '/Dc/0/Temperature', '/System/MinCellVoltage', '/System/MaxCellVoltage', '/ConsumedAmphours', '/TimeToGo', '/Capacity'];

async function main(): Promise<void> {
  const [address, name, rateText, secondsText] = process.argv.slice(2);
  const rate = Number(rateText);
  const seconds = Number(secondsText);
  const connection = await BusConnection.connect(address!);
  const service = new BusItemService(connection, name!);
  for (const path of PATHS) service.define(path, { type: 'd', value: 1 });
  await service.register();
  process.stdout.write('ready\n');

  // Paced at `rate` but counted, not timed: a busy machine stretches the flood rather than thinning it.
  const total = rate * seconds;
  const started = performance.now();
  let sent = 0;
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const elapsed = (performance.now() - started) / 1000;
      const due = Math.min(rate * elapsed, sent + rate / 10, total); // never more than 100 ms worth at once
      while (sent < due) {
        for (const path of PATHS) service.update(path, sent++ % 1000);
        service.flush();
      }
      if (sent >= total) {
        clearInterval(timer);
        resolve();
      }
    }, 10);
  });
  process.stdout.write(`sent ${sent} in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${String(err)}\n`);
  process.exit(1);
});
