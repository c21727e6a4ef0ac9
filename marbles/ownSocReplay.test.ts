import assert from 'node:assert/strict';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import type { ConfigFile } from '../src/config/codec';
import { withDefaults } from '../src/config/defaults';
import { readRecordingFile } from '../src/record/readRecordingFile';
import { replayThroughPipeline } from '../src/record/replayPipeline';

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
