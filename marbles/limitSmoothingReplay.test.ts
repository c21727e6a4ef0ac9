import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { DEFAULT_CONFIG, type Config } from '../src/config/defaults';
import { parseConfig } from '../src/config/validateConfig';
import { readRecordingFile } from '../src/record/readRecordingFile';
import { replayThroughPipeline, type OutputChange } from '../src/record/replayPipeline';

/*
 * Limit smoothing over every recording in streams/, in virtual time: the CCL and DCL published with smoothing on
 * against those of the same run without it (the rule). At every instant the smoothed value is at most the rule's,
 * equal to it whenever the rule falls below it, and equal to it again once the rule has held for the ramp's time.
 */
const STREAMS = resolve(__dirname, '..', 'streams');
const AGGREGATE = 'com.victronenergy.battery.aggregator';
const RAMP_RATE = 2;

function configFor(name: string): Config {
  const file = join(STREAMS, `${name}.config.json`);
  if (!existsSync(file)) return DEFAULT_CONFIG;
  const result = parseConfig(readFileSync(file, 'utf8'));
  if (!result.ok) throw new Error(file);
  return result.config;
}

/** A path's published values as [t, value] in order. */
function seriesOf(changes: readonly OutputChange[], path: string): Array<readonly [number, number | null]> {
  return changes.filter((c) => c.service === AGGREGATE && c.path === path).map((c) => [c.t, c.value as number | null] as const);
}

/** The value in force at `t` (after the instant's changes). */
function at(series: ReadonlyArray<readonly [number, number | null]>, t: number): number | null | undefined {
  let value: number | null | undefined;
  for (const [when, v] of series) {
    if (when > t) break;
    value = v;
  }
  return value;
}

const names = readdirSync(STREAMS)
  .filter((file) => file.endsWith('.jsonl'))
  .map((file) => file.slice(0, -'.jsonl'.length))
  .sort();

for (const name of names) {
  test(`limit smoothing over streams/${name}.jsonl: never above the rule, never behind a fall, caught up when the rule holds`, () => {
    const recording = readRecordingFile(join(STREAMS, `${name}.jsonl`));
    const config = configFor(name);
    const rule = replayThroughPipeline(recording, config);
    const smoothed = replayThroughPipeline(recording, { ...config, limitSmoothing: { rampRate: RAMP_RATE } as Config['limitSmoothing'] });
    for (const path of ['/Info/MaxChargeCurrent', '/Info/MaxDischargeCurrent']) {
      const ruleSeries = seriesOf(rule, path);
      const smoothSeries = seriesOf(smoothed, path);
      const instants = [...new Set([...ruleSeries, ...smoothSeries].map(([t]) => t))].sort((a, b) => a - b);
      for (const t of instants) {
        const r = at(ruleSeries, t);
        const s = at(smoothSeries, t);
        if (r === null || r === undefined) assert.equal(s, r, `${path} at ${t} ms: ${s} published while the rule gives ${r}`);
        else assert.ok(typeof s === 'number' && s <= r + 1e-9, `${path} at ${t} ms: ${s} above the rule's ${r}`);
      }
      // a fall of the rule below the smoothed value is in the smoothed series at the same instant
      for (const [t, r] of ruleSeries) {
        const before = at(smoothSeries, t - 1);
        if (r !== null && typeof before === 'number' && r < before) assert.equal(at(smoothSeries, t), r, `${path} at ${t} ms: the fall to ${r} lags`);
      }
      // the rule's last value, held to the end: reached within ceil(diff / rate) + 1 s of it
      const [lastT, lastRule] = ruleSeries.at(-1)!;
      const end = smoothSeries.at(-1)!;
      const behind = at(smoothSeries, lastT);
      if (typeof lastRule === 'number' && typeof behind === 'number' && lastRule > behind) {
        const bound = (Math.ceil((lastRule - behind) / RAMP_RATE) + 1) * 1000;
        assert.equal(end[1], lastRule, `${path}: never back at the rule's ${lastRule}`);
        assert.ok(end[0] - lastT <= bound, `${path}: at the rule ${end[0] - lastT} ms after it held, more than ${bound} ms`);
      } else {
        assert.equal(end[1], lastRule, `${path}: the last value is the rule's`);
      }
    }
  });
}
