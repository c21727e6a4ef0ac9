import assert from 'node:assert/strict';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import type { ConfigFile } from '../src/config/codec';
import { withDefaults } from '../src/config/defaults';
import { readRecordingFile } from '../src/record/readRecordingFile';
import { TestScheduler } from 'rxjs/testing';
import { aggregatorPipeline } from '../src/pipeline/aggregatorPipeline';
import { isExplained } from '../src/pipeline/limits/explainedOutput';
import { countOwnSoc } from '../src/pipeline/ownSoc/ownSocCounter';
import { replayThroughPipeline } from '../src/record/replayPipeline';
import { replayInputs } from '../src/record/virtualReplay';

/*
 * The own counter through the whole pipeline over a recorded charge/discharge cycle (two packs: discharge from
 * 60 %, Bulk, Absorption from 251 s, Float 267-339 s, then discharge again), in virtual time.
 */
const recording = readRecordingFile(join(resolve(__dirname, '..', 'streams'), 'two-identical-full-cycle.jsonl'));
const socOf = (ownSoc: Record<string, unknown>) =>
  replayThroughPipeline(recording, withDefaults({ ownSoc } as unknown as ConfigFile)).filter((c) => c.service === 'com.victronenergy.battery.aggregator' && c.path === '/Soc');

test('own SoC over a recorded cycle: counts down from the batteries\' 60 %, never leaves 0-100 %, and Float resets it to 100 %', () => {
  const socs = socOf({});
  assert.equal(socs[0]!.value, 60);
  assert.ok(socs.every((c) => typeof c.value === 'number' && c.value >= 0 && c.value <= 100));
  assert.ok((socs[1]!.value as number) < 60, 'the discharge is counted');
  assert.equal(socs.find((c) => c.value === 100)?.t, 267000, 'reset when every pack reports Float');
  assert.ok((socs.at(-1)!.value as number) < 100, 'and counted down again once the discharge resumes');
});

test('own SoC over a recorded cycle: the voltage and tail current rule resets only after the hold time', () => {
  // at the CVL within 0.1 V and under 2 A from ~283 s until Bulk at 339 s: 56 s
  assert.equal(socOf({ floatResets: false }).find((c) => c.value === 100), undefined, 'a 60 s hold is never met');
  assert.equal(socOf({ floatResets: false, holdTime: 20 }).find((c) => c.value === 100)?.t, 303000, 'a 20 s hold is');
});

/*
 * The dedicated recording (streams/own-soc-cycle.jsonl): a 100 Ah and a 280 Ah pack in real time, a sample every
 * 20 s, so the counter counts what the packs did. Discharge from 51.4 % (weighted) to 31 % by 1,620 s, Bulk,
 * Absorption from ~6,500 s, every pack in Float from 7,020 s (their CVL then 53.6 V), the charge current under
 * 2 A from 7,600 s, and the load back at 8,500 s while the packs still report Float.
 */
const cycle = readRecordingFile(join(resolve(__dirname, '..', 'streams'), 'own-soc-cycle.jsonl'));
const AGGREGATE = 'com.victronenergy.battery.aggregator';
const series = (config: Record<string, unknown>, path = '/Soc') =>
  replayThroughPipeline(cycle, withDefaults(config as unknown as ConfigFile)).filter((c) => c.service === AGGREGATE && c.path === path);
const valueAt = (changes: ReturnType<typeof series>, t: number) => changes.filter((c) => c.t <= t).at(-1)?.value as number;

test("own SoC over the dedicated cycle: counts the discharge as the packs' weighted SoC has it (within 0.2 %: the packs publish theirs to 0.1 %; largest gap 0.15 %)", () => {
  const own = series({ ownSoc: {} });
  const weighted = series({});
  assert.equal(own[0]!.value, weighted[0]!.value, 'starts from the weighted SoC');
  for (let t = 20_000; t <= 1_600_000; t += 20_000) {
    const difference = Math.abs(valueAt(own, t) - valueAt(weighted, t));
    assert.ok(difference < 0.2, `at ${t / 1000} s: own ${valueAt(own, t)}, packs ${valueAt(weighted, t)}`);
  }
  assert.ok(valueAt(own, 6_000_000) < valueAt(weighted, 6_000_000), 'charge counts at 0.99: behind the packs in Bulk');
  assert.ok(own.every((c) => typeof c.value === 'number' && c.value >= 0 && c.value <= 100));
});

test('own SoC over the dedicated cycle: reset to 100 % when every pack enters Float, then counted down under the load though they still float', () => {
  const own = series({ ownSoc: {} });
  assert.equal(own.find((c) => c.value === 100)?.t, 7_020_000);
  assert.equal(valueAt(own, 8_480_000), 100);
  assert.ok(valueAt(own, 8_540_000) < 99.5, `${valueAt(own, 8_540_000)} after 40 s at -190 A`);
  const consumed = series({ ownSoc: {} }, '/ConsumedAmphours');
  assert.equal(valueAt(consumed, 8_480_000), 0, 'a full bank has consumed nothing');
  assert.ok(Math.abs(valueAt(consumed, 8_540_000) + ((100 - valueAt(own, 8_540_000)) / 100) * 380) < 0.01);
});

test('own SoC over the dedicated cycle: the voltage and tail current rule resets once the tail has held for the hold time', () => {
  // under 2 A at the CVL from 7,600 s until the load returns at 8,500 s: a tail of 880-900 s
  const firstFull = (ownSoc: Record<string, unknown>) => series({ ownSoc: { floatResets: false, ...ownSoc } }).find((c) => c.value === 100)?.t;
  assert.equal(firstFull({}), 7_660_000, 'the default 60 s hold: 7,600 s + 60 s');
  assert.equal(firstFull({ holdTime: 600 }), 8_200_000, 'a 600 s hold');
  assert.equal(firstFull({ holdTime: 1200 }), undefined, 'a hold longer than the tail is never met');
  assert.equal(firstFull({ tailCurrent: 0.1 }), undefined, 'nor a tail current the charger never gets under');
});

test("with ownSoc on, the CVL the counter reads keeps its explanation for the log, and it is the CVL published without it", () => {
  const config = withDefaults({ ownSoc: {} } as unknown as ConfigFile);
  const explained: Array<{ t: number; value: unknown }> = [];
  const scheduler = new TestScheduler(() => undefined);
  scheduler.run(() => {
    const ownSoc = (sample$: Parameters<typeof countOwnSoc>[0]) => countOwnSoc(sample$, config.ownSoc!, scheduler);
    const [main] = aggregatorPipeline({ ...replayInputs(cycle, scheduler), ownSoc }, config);
    main!.outputs$.subscribe((output) => {
      if (output.path !== '/Info/MaxChargeVoltage') return output.value$.subscribe();
      assert.ok(isExplained(output), 'the log reads explanation$: it must not be dropped');
      return output.explanation$.subscribe((e) => explained.push({ t: scheduler.now(), value: e.value }));
    });
  });
  const without = series({}, '/Info/MaxChargeVoltage').map((c) => ({ t: c.t, value: c.value }));
  // an explanation also comes when only the reason changes (the value repeated): the values are what must match
  const changes = explained.filter((e, i) => i === 0 || e.value !== explained[i - 1]!.value);
  assert.deepEqual(changes, without);
  assert.ok(without.length >= 2, 'the CVL changes over the cycle (55.2 V, 53.6 V in Float)');
});
