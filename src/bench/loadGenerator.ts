import { parseArgs } from 'node:util';
import { BusConnection } from '../bus/busConnection';
import { BusItemService, type SignalStyle } from '../bus/busItemService';
import { parseNumberOption } from '../cli/options';
import { benchPaths } from './benchPaths';

/**
 * The benchmark's batteries, in a process of their own: N services (one connection each, as real drivers)
 * whose P paths all change R times a second, each battery at its own phase of the period, and as many
 * other (non-battery) services doing the same as `--others` asks. Prints `ready`
 * once every service is on the bus; runs until killed.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      bus: { type: 'string' },
      batteries: { type: 'string' },
      paths: { type: 'string' },
      rate: { type: 'string' },
      signals: { type: 'string', default: 'items' },
      others: { type: 'string', default: '0' },
    },
  });
  const address = values.bus ?? '';
  const batteries = parseNumberOption('--batteries', values.batteries, { min: 1, integer: true });
  const paths = benchPaths(parseNumberOption('--paths', values.paths, { min: 1, integer: true }));
  const periodMs = 1000 / parseNumberOption('--rate', values.rate, { min: 0.01 });
  const signals = values.signals as SignalStyle;
  const others = parseNumberOption('--others', values.others, { min: 0, integer: true });

  const publish = async (name: string, number: number): Promise<BusItemService> => {
    const connection = await BusConnection.connect(address);
    connection.on('lost', () => process.exit(0));
    const service = new BusItemService(connection, name, undefined, signals);
    service.define('/ProductName', { type: 's', value: 'Bench device' });
    service.define('/DeviceInstance', { type: 'i', value: 200 + number });
    service.define('/InstalledCapacity', { type: 'd', value: 100 });
    for (const p of paths) service.define(p.path, { type: p.type, value: p.value(0, number) });
    await service.register();
    return service;
  };
  const services: BusItemService[] = [];
  for (let b = 0; b < batteries; b++) services.push(await publish(`com.victronenergy.battery.bench${b}`, b));
  // The rest of a GX (solar chargers, inverters, systemcalc) talks on the same bus: traffic to ignore.
  for (let o = 0; o < others; o++) services.push(await publish(`com.victronenergy.solarcharger.bench${o}`, batteries + o));

  // Each battery ticks on its own timer, offset by its share of the period, as independent drivers do. Every tick
  // is due at a fixed time from the start: with setInterval, Node re-arms all timers that ran in one pass of the
  // loop from the same instant, so batteries that once fell into one pass stayed together and, over half an
  // hour, the 16 phases merged into a few (the daemon saw fewer, bigger batches: CPU appeared to fall by half).
  const start = performance.now();
  services.forEach((service, b) => {
    const offset = (periodMs * b) / services.length;
    let tick = 0;
    const step = () => {
      tick++;
      for (const p of paths) service.update(p.path, p.value(tick, b));
      service.flush();
      setTimeout(step, Math.max(0, start + offset + tick * periodMs - performance.now()));
    };
    setTimeout(step, offset);
  });
  process.stdout.write('ready\n');
}

main().catch((err: unknown) => {
  process.stderr.write(`load generator: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
