import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { BusConnection } from '../bus/busConnection';
import { parseNumberOption } from '../cli/options';
import { startPrivateBus } from '../devtools/privateBus';
import type { ObserverReport } from './observer';
import { runPipelineBench } from './pipelineBench';
import { cpuSeconds, peakRssMb } from './processStats';

/** One benchmark case: a bank on the bus, and how its drivers announce changes. */
interface BusCase {
  readonly batteries: number;
  readonly paths: number;
  readonly rate: number;
  readonly signals: 'items' | 'properties';
  /** Non-battery services changing as fast on the same bus, as on a real GX. */
  readonly others?: number;
}

const CASES: readonly BusCase[] = [
  { batteries: 4, paths: 60, rate: 1, signals: 'items' },
  { batteries: 16, paths: 20, rate: 1, signals: 'items' },
  { batteries: 16, paths: 20, rate: 1, signals: 'properties' },
  { batteries: 16, paths: 20, rate: 1, signals: 'items', others: 16 },
  { batteries: 64, paths: 20, rate: 5, signals: 'items' },
];

/** What one window measured; a case reports each figure's median over its windows. */
interface WindowFigures {
  readonly cpuPercent: number;
  readonly cpuSecondsPerMinute: number;
  readonly microsPerChange: number;
  readonly startupCpuMs: number;
  readonly registrationMs: number;
  readonly peakRssMb: number;
  readonly outputsPerBatch: number;
  readonly unanswered: number;
}

interface CaseResult {
  readonly windows: WindowFigures[];
  /**
   * Every batch's latency over all windows, sorted: percentiles are taken over the pool. A window of 20 s at
   * 16 batches a second holds 320 batches, whose p99 is its fourth slowest batch, too few to rank a tail by.
   */
  readonly latenciesMs: number[];
}

const ROOT = join(__dirname, '..', '..');
const AGGREGATOR = 'com.victronenergy.battery.aggregator';

/**
 * The daemon as deployed (the bundle with service/run's Node flags and exported environment when built,
 * else the compiled sources), or `--daemon "FLAGS... SCRIPT"`; then its config file (`--config`, by
 * default none: the defaults).
 */
function daemonCommand(explicit: string | undefined, config: string): DaemonCommand {
  if (explicit) return { args: [...explicit.split(/\s+/).filter(Boolean), config], env: {} };
  const bundle = join(ROOT, 'dist', 'bundle', 'battery-aggregator.js');
  if (!existsSync(bundle)) return { args: [join(ROOT, 'dist', 'cli', 'main.js'), config], env: {} };
  const run = readFileSync(join(ROOT, 'service', 'run'), 'utf8');
  const flags = (run.match(/^exec node .*$/m)?.[0] ?? '').split(/\s+/).filter((word) => word.startsWith('--'));
  const exported = [...run.matchAll(/^export (\w+)=(\S+)$/gm)].map(([, name, value]) => [name!, value!]);
  return { args: [...flags, bundle, config], env: Object.fromEntries(exported) };
}

/** Node's arguments, and what to add to the environment. */
interface DaemonCommand {
  readonly args: string[];
  readonly env: Record<string, string>;
}

/** What `--only` names: `16x20x1` (all three 16-battery cases), `16x20x1-items` (that one only), `16x20x1-items+16`, `pipelines`. */
function caseName(c: BusCase): string {
  return `${c.batteries}x${c.paths}x${c.rate}-${c.signals}${c.others ? `+${c.others}` : ''}`;
}

function spawnTs(script: string, args: string[]): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', join(__dirname, script), ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
}

function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => { lines.close(); resolve(line); });
    child.once('exit', (code) => reject(new Error(`exited with ${code} before answering`)));
  });
}

/**
 * One start of the daemon on a bank of `c`: start-up figures, then, after `warmupMs` (V8 keeps optimising
 * for a minute or two at these rates), `windows` steady windows of `durationMs` each: their figures, and every batch's latency.
 */
async function runCase(c: BusCase, daemon: DaemonCommand, warmupMs: number, durationMs: number, windows: number): Promise<CaseResult> {
  const bus = await startPrivateBus();
  const children: ChildProcess[] = [];
  try {
    const load = spawnTs('loadGenerator.ts', ['--bus', bus.address, '--batteries', `${c.batteries}`, '--paths', `${c.paths}`, '--rate', `${c.rate}`, '--signals', c.signals, '--others', `${c.others ?? 0}`]);
    children.push(load);
    await firstLine(load);

    const client = await BusConnection.connect(bus.address);
    const started = performance.now();
    const aggregator = spawn(process.execPath, [...daemon.args, '--bus', bus.address], { env: { ...process.env, ...daemon.env }, stdio: ['ignore', 'ignore', 'inherit'] });
    children.push(aggregator);
    const pid = aggregator.pid!;
    while (!(await client.callBus('NameHasOwner', 's', [AGGREGATOR])).body[0]) await sleep(2);
    const registrationMs = performance.now() - started;
    const startupCpuMs = cpuSeconds(pid) * 1000;
    client.close();

    const observer = spawnTs('observer.ts', ['--bus', bus.address, '--service', AGGREGATOR]);
    children.push(observer);
    await sleep(warmupMs);
    const figures: WindowFigures[] = [];
    const latenciesMs: number[] = [];
    for (let w = 0; w < windows; w++) {
      observer.stdin!.write('start\n');
      const cpuBefore = cpuSeconds(pid);
      await sleep(durationMs);
      const cpu = cpuSeconds(pid) - cpuBefore;
      const reply = firstLine(observer);
      observer.stdin!.write('stop\n');
      const report = JSON.parse(await reply) as ObserverReport;
      const changes = (c.batteries * c.paths * c.rate * durationMs) / 1000;
      latenciesMs.push(...report.latenciesMs);
      figures.push({
        cpuPercent: (cpu / (durationMs / 1000)) * 100,
        cpuSecondsPerMinute: (cpu / durationMs) * 60_000,
        microsPerChange: (cpu * 1e6) / changes,
        startupCpuMs,
        registrationMs,
        peakRssMb: peakRssMb(pid),
        outputsPerBatch: report.outputMessages / Math.max(1, report.inputBatches),
        unanswered: report.unanswered,
      });
    }
    return { windows: figures, latenciesMs: latenciesMs.sort((a, b) => a - b) };
  } finally {
    // SIGTERM first: a daemon run with --cpu-prof writes its profile on a clean exit.
    await Promise.all(children.map((child) => stop(child)));
    await bus.stop();
  }
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 2000);
    child.once('exit', () => { clearTimeout(timer); resolve(); });
    child.kill('SIGTERM');
  });
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

function medianFigures(windows: WindowFigures[]): WindowFigures {
  const keys = Object.keys(windows[0]!) as (keyof WindowFigures)[];
  return Object.fromEntries(keys.map((k) => [k, median(windows.map((w) => w[k]))])) as unknown as WindowFigures;
}

/** The `q` quantile of sorted values, 1 the largest (NaN when there are none). */
const quantile = (sorted: readonly number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;

const fixed = (n: number, digits: number) => (Number.isFinite(n) ? n.toFixed(digits) : '-');

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      warmup: { type: 'string', default: '120' },
      duration: { type: 'string', default: '20' },
      repeat: { type: 'string', default: '3' },
      only: { type: 'string' },
      daemon: { type: 'string' },
      config: { type: 'string', default: '/nonexistent/config.json' },
    },
  });
  const warmupMs = parseNumberOption('--warmup', values.warmup, { min: 0 }) * 1000;
  const durationMs = parseNumberOption('--duration', values.duration, { min: 1 }) * 1000;
  const repeat = parseNumberOption('--repeat', values.repeat, { min: 1, integer: true });
  const daemon = daemonCommand(values.daemon, values.config);
  const only = values.only?.split(',');
  const cases = CASES.filter((c) => !only || only.some((name) => caseName(c) === name || caseName(c).startsWith(`${name}-`)));

  process.stdout.write(`battery-aggregator bench: node ${process.version}, ${cpus()[0]?.model ?? '?'} x${cpus().length}\n`);
  process.stdout.write(`daemon: ${Object.entries(daemon.env).map(([name, value]) => `${name}=${value} `).join('')}node ${daemon.args.join(' ')}; after ${values.warmup} s of warm-up, medians of ${repeat} successive ${values.duration} s windows (latencies: percentiles of all their batches)\n\n`);
  process.stdout.write('| case | signals | changes/s | CPU % core | CPU s/min | µs/change | start-up CPU ms | to registration ms | peak RSS MB | p50 ms | p99 ms | max ms | outputs/batch |\n');
  process.stdout.write('|---|---|---|---|---|---|---|---|---|---|---|---|---|\n');
  for (const c of cases) {
    const result = await runCase(c, daemon, warmupMs, durationMs, repeat);
    const r = medianFigures(result.windows);
    const lat = result.latenciesMs;
    const row = [
      `${c.batteries} x ${c.paths} x ${c.rate} Hz${c.others ? ` + ${c.others} other services` : ''}`, c.signals, `${c.batteries * c.paths * c.rate}`,
      fixed(r.cpuPercent, 2), fixed(r.cpuSecondsPerMinute, 2), fixed(r.microsPerChange, 1), fixed(r.startupCpuMs, 0),
      fixed(r.registrationMs, 0), fixed(r.peakRssMb, 1), fixed(quantile(lat, 0.5), 2), fixed(quantile(lat, 0.99), 2), fixed(quantile(lat, 1), 2),
      fixed(r.outputsPerBatch, 2) + (r.unanswered > 0 ? ` (${r.unanswered} unanswered)` : ''),
    ];
    process.stdout.write(`| ${row.join(' | ')} |\n`);
  }
  if (!only || only.includes('pipelines')) {
    const runs = Array.from({ length: repeat }, () => runPipelineBench(16, 20, 1_000_000));
    const rate = median(runs.map((p) => p.changesPerSecond));
    process.stdout.write(`\npipelines alone (16 x 20, in process, median of ${repeat}): ${Math.round(rate).toLocaleString('en')} changes/s, ${runs[0]!.outputsPerChange.toFixed(2)} outputs per change\n`);
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`bench: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  },
);
