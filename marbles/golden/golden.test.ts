import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { DEFAULT_CONFIG, type Config } from '../../src/config/defaults';
import { formatProblems, parseConfig } from '../../src/config/validateConfig';
import { readRecordingFile } from '../../src/record/readRecordingFile';
import { replayThroughPipeline } from '../../src/record/replayPipeline';
import { firstDifference, goldenText } from './goldenText';
import { withOriginalRules } from './originalRules';

/**
 * Golden tests: every recording in streams/ runs through the real pipeline in virtual time, and what it
 * publishes must match the snapshot next to this file. `npm run marbles:update` (UPDATE_GOLDEN=1)
 * rewrites the snapshots; review their diff before committing.
 */
const STREAMS = resolve(__dirname, '..', '..', 'streams');
const UPDATE = process.env.UPDATE_GOLDEN === '1';

/** streams/<name>.config.json, if there, is the aggregator config the recording is run with. */
function configFor(name: string): Config {
  const file = join(STREAMS, `${name}.config.json`);
  if (!existsSync(file)) return DEFAULT_CONFIG;
  const result = parseConfig(readFileSync(file, 'utf8'));
  if (!result.ok) throw new Error(`${file}:\n${formatProblems(result.problems)}`);
  return result.config;
}

const names = readdirSync(STREAMS)
  .filter((file) => file.endsWith('.jsonl'))
  .map((file) => file.slice(0, -'.jsonl'.length))
  .sort();

test('streams/ holds recordings to test', () => assert.ok(names.length >= 5, `found ${names.join(', ')}`));

const VARIANTS = [
  { suffix: '', rules: 'the original\'s rules', configOf: withOriginalRules },
  { suffix: '.defaults', rules: 'the defaults', configOf: (config: Config) => config },
] as const;

for (const name of names) {
  for (const { suffix, rules, configOf } of VARIANTS) {
    test(`golden: streams/${name}.jsonl through the pipeline with ${rules} matches ${name}${suffix}.golden.txt`, () => {
      const recording = readRecordingFile(join(STREAMS, `${name}.jsonl`));
      const actual = goldenText(`streams/${name}.jsonl`, replayThroughPipeline(recording, configOf(configFor(name))));
      const goldenFile = join(__dirname, `${name}${suffix}.golden.txt`);
      if (UPDATE) {
        writeFileSync(goldenFile, actual);
        return;
      }
      assert.ok(existsSync(goldenFile), `no ${goldenFile}: run npm run marbles:update and review it`);
      const difference = firstDifference(readFileSync(goldenFile, 'utf8'), actual);
      assert.equal(difference, null, `outputs differ from the golden snapshot at ${difference}\n(if the change is meant, npm run marbles:update)`);
    });
  }
}
