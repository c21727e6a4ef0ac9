import { parseArgs } from 'node:util';
import { BATTERY_PREFIX, startAggregator } from '../app/aggregator';
import { serviceSnapshots, type ServiceSnapshot } from '../app/serviceSnapshots';
import { BusConnection } from '../bus/busConnection';
import { DEFAULT_CONFIG } from '../config/defaults';
import { startPrivateBus } from '../devtools/privateBus';
import { startSettingsService } from '../devtools/settingsService';
import { createLogger, setLogWriter } from '../log/logger';
import { startSimulatedBank } from '../sim/simulatedBank';
import { publishRecording } from '../record/busReplayer';
import { readRecordingFile } from '../record/readRecordingFile';
import { stopSignal } from './lifecycle';
import { parseCapacities, parseNumberOption } from './options';
import { parsePackShapes } from './simulateCommand';
import { renderTable, TABLE_PATHS } from './demo/renderTable';
import { DEMO_STATUS_PAGE, parseStatusPageOption, startDemoStatusPage } from './demo/demoStatusPage';

const AGGREGATE = DEFAULT_CONFIG.serviceName;
const LOG_LINES = 8;

/**
 * `battery-aggregator demo`: a private dbus-daemon, simulated batteries and the aggregator in one
 * process, with a live table of what a client reads off the bus. On a terminal, keys 1-9 take a battery
 * off the bus and bring it back, `q` quits; elsewhere the table is printed every few seconds. The status page
 * is on by default (127.0.0.1:8089, or a free port) and its URL is printed first.
 */
export async function runDemoCommand(argv: string[]): Promise<number> {
  let options;
  try {
    const { values } = parseArgs({
      args: argv,
      options: {
        count: { type: 'string', default: '3' },
        capacity: { type: 'string', default: '100,200,280' },
        duration: { type: 'string', default: '0' },
        'time-scale': { type: 'string', default: '30' },
        replay: { type: 'string' },
        cells: { type: 'string' },
        'runaway-cell': { type: 'string' },
        nominal: { type: 'string' },
        shunt: { type: 'boolean' },
        'status-page': { type: 'string', default: DEMO_STATUS_PAGE },
      },
    });
    const count = parseNumberOption('--count', values.count, { min: 1, max: 64, integer: true });
    options = {
      count,
      ...parsePackShapes(values, count),
      capacities: parseCapacities(values.capacity),
      duration: parseNumberOption('--duration', values.duration, { min: 0 }),
      timeScale: parseNumberOption('--time-scale', values['time-scale'], { min: 0.1, max: 10000 }),
      // A recording's batteries beside the simulated ones, looping (the shipped ones are already compressed).
      replay: values.replay === undefined ? null : readRecordingFile(values.replay),
      statusPage: parseStatusPageOption(values['status-page']),
    };
  } catch (err) {
    process.stderr.write(`battery-aggregator demo: ${(err as Error).message}\n`);
    return 2;
  }

  const tty = process.stdout.isTTY === true;
  const logs: string[] = [];
  const restoreLog = setLogWriter((line) => {
    logs.push(line.trimEnd());
    if (logs.length > LOG_LINES) logs.shift();
    if (!tty) process.stdout.write(line);
  });

  // Listened for from the start: a Ctrl-C (or a test's SIGTERM) during start-up still stops it cleanly.
  const signalled = stopSignal();
  const bus = await startPrivateBus();
  const cleanups: Array<() => unknown> = [() => bus.stop()];
  const cleanup = async () => {
    for (const step of cleanups.reverse()) await step();
    setLogWriter(restoreLog);
  };

  try {
    // As on a GX: the aggregator claims its device instance and keeps its name in com.victronenergy.settings.
    const settings = await startSettingsService({ address: bus.address });
    cleanups.push(() => settings.stop());
    const bank = await startSimulatedBank({
      address: bus.address,
      count: options.count,
      capacityAh: options.capacities,
      timeScale: options.timeScale,
      cells: options.cells,
      cellsOf: options.cellsOf,
      ...(options.runaway !== null && { runaway: options.runaway }),
      shunt: options.shunt,
    });
    cleanups.push(() => bank.stop());
    if (options.replay) {
      const log = createLogger('replay');
      const replay = await publishRecording(options.replay, bus.address, { onSkipped: (name, reason) => log.info('%s not replayed: %s', name, reason) });
      const playing = replay.play({ loop: true });
      cleanups.push(async () => {
        await replay.stop();
        await playing;
      });
    }
    const aggregator = await startAggregator({ address: bus.address, config: DEFAULT_CONFIG });
    cleanups.push(() => aggregator.stop());
    let pageLine = '';
    if (options.statusPage !== null) {
      const page = await startDemoStatusPage(options.statusPage, DEFAULT_CONFIG, aggregator);
      cleanups.push(() => page.stop());
      pageLine = `status page: ${page.url}\n`;
      process.stdout.write(pageLine);
    }
    const viewer = await BusConnection.connect(bus.address);
    cleanups.push(() => viewer.close());

    let batteries: ServiceSnapshot[] = [];
    let aggregate: ServiceSnapshot | undefined;
    const snapshots = serviceSnapshots(viewer, (name) => name.startsWith(BATTERY_PREFIX), TABLE_PATHS).subscribe((all) => {
      batteries = all.filter((s) => s.name !== AGGREGATE);
      aggregate = all.find((s) => s.name === AGGREGATE);
    });
    cleanups.push(() => snapshots.unsubscribe());

    const header = `battery-aggregator demo on ${bus.address}\n${pageLine}${tty ? 'keys 1-9: take a battery off the bus / bring it back, q: quit' : ''}\n`;
    const draw = () => {
      const table = renderTable(batteries, aggregate);
      if (tty) process.stdout.write(`\x1b[H\x1b[2J${header}\n${table}\n\n${logs.join('\n')}\n`);
      else process.stdout.write(`\n${table}\n`);
    };
    const timer = setInterval(draw, tty ? 500 : 2000);
    cleanups.push(() => clearInterval(timer));

    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      void signalled.then(stop);
      if (options.duration > 0) setTimeout(stop, options.duration * 1000).unref();
      if (tty && process.stdin.isTTY) {
        process.stdin.setRawMode(true);
        process.stdin.resume();
        const onKey = (key: Buffer) => {
          const char = key.toString();
          if (char === 'q' || char === '\u0003') return stop();
          const index = Number(char) - 1;
          if (Number.isInteger(index) && index >= 0 && index < options.count) void bank.toggleBattery(index);
        };
        process.stdin.on('data', onKey);
        cleanups.push(() => {
          process.stdin.off('data', onKey);
          process.stdin.setRawMode(false);
          process.stdin.pause();
        });
      }
    });
    draw();
  } finally {
    await cleanup();
  }
  return 0;
}
