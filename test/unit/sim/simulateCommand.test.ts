import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { BusConnection } from '../../../src/bus/busConnection';
import { parseSimulateArgs, runSimulateCommand } from '../../../src/cli/simulateCommand';
import { startPrivateBus, type PrivateBus } from '../../../src/devtools/privateBus';
import { setLogWriter } from '../../../src/log/logger';

let bus: PrivateBus;
let client: BusConnection;
const logs: string[] = [];
let restoreLog: (line: string) => void;

before(async () => {
  restoreLog = setLogWriter((line) => logs.push(line));
  bus = await startPrivateBus();
  client = await BusConnection.connect(bus.address);
});

after(async () => {
  client?.close();
  await bus?.stop();
  setLogWriter(restoreLog);
});

/** Runs the command with stderr captured. */
async function run(argv: string[]): Promise<{ code: number; stderr: string }> {
  const write = process.stderr.write;
  let stderr = '';
  process.stderr.write = ((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  }) as typeof process.stderr.write;
  try {
    return { code: await runSimulateCommand(argv), stderr };
  } finally {
    process.stderr.write = write;
  }
}

async function simNames(): Promise<string[]> {
  const names = (await client.callBus('ListNames')).body[0] as string[];
  return names.filter((name) => name.startsWith('com.victronenergy.battery.sim')).sort();
}

test('defaults, and capacities as a list', () => {
  const options = parseSimulateArgs(['--capacity', '100,200,280'], { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/x' });
  assert.deepEqual(options, {
    count: 3,
    capacities: [100, 200, 280],
    address: 'unix:path=/x',
    duration: 0,
    intervalMs: 1000,
    timeScale: 1,
    seed: 1,
    cells: 16,
    cellsOf: new Map(),
    runaway: null,
    shunt: false,
  });
  assert.equal(parseSimulateArgs(['--bus', 'unix:path=/y'], {}).address, 'unix:path=/y');
});

test('--cells, --runaway-cell and --nominal: one pack by its number from 1, a default pack when none is given', () => {
  const parse = (...argv: string[]) => parseSimulateArgs(['--count', '4', ...argv], {});
  assert.equal(parse('--cells', '8').cells, 8);
  assert.deepEqual(parse('--runaway-cell', '3.6').runaway, { index: 0, voltage: 3.6 }, 'sim1 by default');
  assert.deepEqual(parse('--runaway-cell', '3.58:3').runaway, { index: 2, voltage: 3.58 });
  assert.deepEqual(parse('--nominal', '24').cellsOf, new Map([[3, 8]]), 'the last pack by default: 8 cells');
  assert.deepEqual(parse('--nominal', '12:2').cellsOf, new Map([[1, 4]]));
  assert.deepEqual(parse('--cells', '8', '--nominal', '48').cellsOf, new Map([[3, 16]]), 'a 48 V pack among 24 V ones');
});

test('--shunt: a flag, off by default', () => {
  assert.equal(parseSimulateArgs(['--shunt'], {}).shunt, true);
  assert.equal(parseSimulateArgs([], {}).shunt, false);
  assert.throws(() => parseSimulateArgs(['--shunt=yes'], {}), /shunt/);
});

test('bad arguments: one line on stderr and exit code 2', async () => {
  for (const argv of [
    ['--count', '0'],
    ['--count', 'x'],
    ['--capacity', '100,,200'],
    ['--interval', '1.5'],
    ['--time-scale', '-1'],
    ['--frobnicate'],
    ['extra'],
    ['--cells', '0'],
    ['--cells', '2.5'],
    ['--runaway-cell', '9'],
    ['--runaway-cell', '3.6:4'],
    ['--runaway-cell', '3.6:1:2'],
    ['--nominal', '25'],
    ['--nominal', '48'],
    ['--nominal', '24:0'],
    ['--shunt=1'],
  ]) {
    const { code, stderr } = await run(argv);
    assert.equal(code, 2, argv.join(' '));
    assert.match(stderr, /^battery-aggregator simulate: .+\n$/, argv.join(' '));
  }
});

test('runs for --duration seconds, then takes its batteries off the bus', async () => {
  const running = run(['--bus', bus.address, '--count', '2', '--duration', '0.5', '--interval', '100']);
  const code = (await running).code;
  assert.equal(code, 0);
  assert.equal(logs.filter((line) => line.includes('online')).length, 2);
  assert.deepEqual(await simNames(), []);
});

test('stops cleanly on SIGTERM', async () => {
  logs.length = 0;
  const running = run(['--bus', bus.address, '--count', '3', '--capacity', '100,200']);
  const deadline = Date.now() + 3000;
  while ((await simNames()).length < 3) {
    assert.ok(Date.now() < deadline, 'the batteries appear');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  process.emit('SIGTERM', 'SIGTERM');
  assert.equal((await running).code, 0);
  assert.deepEqual(await simNames(), []);
  assert.equal(process.listenerCount('SIGTERM'), 0, 'its signal handlers are gone');
});

test('an unreachable bus: a message and exit code 1', async () => {
  const { code, stderr } = await run(['--bus', 'unix:path=/nonexistent/socket', '--count', '1']);
  assert.equal(code, 1);
  assert.match(stderr, /cannot connect/);
});
