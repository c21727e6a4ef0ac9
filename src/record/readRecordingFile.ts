import { readFileSync } from 'node:fs';
import type { Recording } from './format';
import { formatStreamProblems, parseRecording } from './parseRecording';

/** A file that exists but is not a valid recording: the message lists the bad lines. */
export class InvalidRecordingError extends Error {}

/** Reads and validates a recording file; throws InvalidRecordingError naming each bad line, or the fs error. */
export function readRecordingFile(file: string): Recording {
  const parsed = parseRecording(readFileSync(file, 'utf8'));
  if (!parsed.ok) throw new InvalidRecordingError(`${file} is not a valid recording:\n${formatStreamProblems(parsed.problems)}`);
  return parsed.recording;
}
