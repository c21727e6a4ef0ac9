import { BehaviorSubject, EMPTY, VirtualTimeScheduler, mergeMap, map } from 'rxjs';
import { LatestValue } from '../rx/latestValue';
import { performance } from 'node:perf_hooks';
import type { Bank, Battery } from '../battery/bank';
import type { Value } from '../battery/value';
import { aggregateBank } from '../pipeline/aggregateBank';
import { benchPaths } from './benchPaths';

export interface PipelineBenchResult {
  readonly changesPerSecond: number;
  /** Output values emitted per input change (a change that moves no aggregate emits nothing). */
  readonly outputsPerChange: number;
}

/**
 * The pure pipelines alone, no bus: `batteries` x `paths` LatestValues (as the bus's battery paths are)
 * feed `aggregateBank`, and `changes` values are pushed through them as fast as the pipelines take them,
 * one battery's paths at a time, each battery's batch ending its instant as one signal does in the daemon.
 */
export function runPipelineBench(batteries: number, pathCount: number, changes: number): PipelineBenchResult {
  const paths = benchPaths(pathCount);
  const subjects: LatestValue<Value>[][] = [];
  const bank = new Map<string, Battery>();
  for (let b = 0; b < batteries; b++) {
    const own = paths.map((p) => new LatestValue<Value>(p.value(0, b)));
    subjects.push(own);
    const byPath = new Map(paths.map((p, i) => [p.path, own[i]!]));
    const id = `com.victronenergy.battery.bench${b}`;
    bank.set(id, { id, value$: (path) => byPath.get(path) ?? new LatestValue<Value>(null), paths$: EMPTY });
  }
  let outputs = 0;
  const instants = new VirtualTimeScheduler();
  const subscription = aggregateBank(new BehaviorSubject<Bank>(bank), { scheduler: instants })
    .pipe(mergeMap((output) => output.value$.pipe(map(() => 1))))
    .subscribe(() => outputs++);

  const run = (count: number, fromTick: number) => {
    for (let i = 0; i < count; i++) {
      const p = i % pathCount;
      const b = Math.floor(i / pathCount) % batteries;
      const tick = fromTick + Math.floor(i / (batteries * pathCount));
      subjects[b]![p]!.next(paths[p]!.value(tick, b));
      if (p === pathCount - 1) instants.flush();
    }
  };
  run(Math.min(changes, 300_000), 1); // warm the JIT: a daemon runs for months
  outputs = 0;
  const started = performance.now();
  run(changes, 1_000);
  const seconds = (performance.now() - started) / 1000;
  subscription.unsubscribe();
  return { changesPerSecond: changes / seconds, outputsPerChange: outputs / changes };
}
