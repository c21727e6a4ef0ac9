import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { formatRecording } from './format';
import { parseRecording, formatStreamProblems } from './parseRecording';
import { SCENARIOS } from './scenarios';

/**
 * Writes every shipped recording to `streams/` (and its config, if any), validating each on the way:
 * `node --import tsx src/record/makeRecordings.ts [DIR]`. Then `npm run marbles:update` refreshes the goldens.
 */
function main(dir: string): void {
  mkdirSync(dir, { recursive: true });
  for (const scenario of SCENARIOS) {
    const text = formatRecording(scenario.record());
    const parsed = parseRecording(text);
    if (!parsed.ok) throw new Error(`${scenario.name} is not a valid recording:\n${formatStreamProblems(parsed.problems)}`);
    writeFileSync(join(dir, `${scenario.name}.jsonl`), text);
    if (scenario.config) writeFileSync(join(dir, `${scenario.name}.config.json`), `${JSON.stringify(scenario.config, null, 2)}\n`);
    const lines = parsed.recording.events.length + 1;
    process.stdout.write(`${scenario.name}: ${lines} lines, ${(text.length / 1024).toFixed(0)} KiB\n`);
  }
}

main(resolve(process.argv[2] ?? 'streams'));
