import { parseArgs } from 'node:util';
import { BusConnection } from '../bus/busConnection';
import { BusItemService, type SignalStyle } from '../bus/busItemService';
import { parseNumberOption } from '../cli/options';
import { benchPaths } from './benchPaths';

/**
 * The benchmark's batteries, in a process of their own: N services (one connection each, as real drivers)
 * whose P paths all change R times a second, each battery at its own phase of the period. Prints `ready`
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
    },
  });
  const address = values.bus ?? '';
  const batteries = parseNumberOption('--batteries', values.batteries, { min: 1, integer: true });
  const paths = benchPaths(parseNumberOption('--paths', values.paths, { min: 1, integer: true }));
  const periodMs = 1000 / parseNumberOption('--rate', values.rate, { min: 0.01 });
  const signals = values.signals as SignalStyle;

  const services: BusItemService[] = [];
  for (let b = 0; b < batteries; b++) {
    const connection = await BusConnection.connect(address);
    connection.on('lost', () => process.exit(0));
    const service = new BusItemService(connection, `com.victronenergy.battery.bench${b}`, undefined, signals);
    service.define('/ProductName', { type: 's', value: 'Bench battery' });
    service.define('/DeviceInstance', { type: 'i', value: 200 + b });
    service.define('/InstalledCapacity', { type: 'd', value: 100 });
    for (const p of paths) service.define(p.path, { type: p.type, value: p.value(0, b) });
    await service.register();
    services.push(service);
  }

  // Each battery ticks on its own timer, offset by its share of the period, as independent drivers do.
  services.forEach((service, b) => {
    let tick = 0;
    const step = () => {
      tick++;
      for (const p of paths) service.update(p.path, p.value(tick, b));
      service.flush();
    };
    setTimeout(() => setInterval(step, periodMs), (periodMs * b) / batteries);
  });
  process.stdout.write('ready\n');
}

main().catch((err: unknown) => {
  process.stderr.write(`load generator: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
