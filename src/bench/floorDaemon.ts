import { parseArgs } from 'node:util';
import { BusConnection } from '../bus/busConnection';
import { BUS_ITEM } from '../bus/busItemSignal';
import { encodeItemsChanged, type ItemChange } from '../bus/wire/busItemSignals';
import { MARKER_PATH } from './benchPaths';

/**
 * The floor under any Node aggregator: takes the aggregator's name, hears every BusItem signal through
 * dbus-next's parser (or, with `--own-reader`, the daemon's wire reader), and answers each battery batch
 * with one prebuilt ItemsChanged. No aggregation at all, so its CPU, memory and latency are what Node and
 * the bus client alone cost for the same traffic:
 * `npm run bench -- --only 16x20x1-items --daemon="--max-semi-space-size=1 dist/bench/floorDaemon.js [--own-reader]"`.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({ options: { bus: { type: 'string' }, 'own-reader': { type: 'boolean' } }, allowPositionals: true });
  const connection = await BusConnection.connect(values.bus ?? '');
  await connection.addMatch(`type='signal',interface='${BUS_ITEM}'`);
  const answer: ItemChange[] = [{ path: MARKER_PATH, type: 'd', value: 0, text: '0A' }];
  let value = 0;
  const reply = (sender: string) => {
    if (sender === connection.uniqueName) return;
    answer[0] = { path: MARKER_PATH, type: 'd', value: ++value, text: `${value}A` };
    connection.sendEncoded((serial) => encodeItemsChanged(serial, BUS_ITEM, answer));
  };
  if (values['own-reader']) {
    connection.onBusItemSignal((signal) => { if (signal.member === 'ItemsChanged') reply(signal.sender); });
  } else {
    connection.onMessage((msg) => { if (msg.interface === BUS_ITEM && msg.member === 'ItemsChanged') reply(msg.sender); });
  }
  await connection.requestName('com.victronenergy.battery.aggregator');
  process.once('SIGTERM', () => { connection.close(); process.exit(0); });
}

main().catch((err: unknown) => {
  process.stderr.write(`floor daemon: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
