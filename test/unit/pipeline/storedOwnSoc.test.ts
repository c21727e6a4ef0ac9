import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { encodeOwnSoc, resumeDecision } from '../../../src/pipeline/ownSoc/storedOwnSoc';

const NOW = Date.UTC(2026, 11, 7, 6, 0, 0);
const DAY = 86400;
const stored = (fields: Record<string, unknown>) => JSON.stringify({ version: 1, soc: 71.5, savedAt: NOW / 1000 - 30, ...fields });
const reason = (text: unknown) => {
  const decision = resumeDecision(text, NOW, DAY);
  assert.equal(decision.kind, 'discard', JSON.stringify(decision));
  return (decision as { reason: string }).reason;
};

describe('the own SoC state stored in the settings', () => {
  test('a state written now resumes at its SoC, its age in seconds', () => {
    assert.deepEqual(resumeDecision(encodeOwnSoc(71.23456789, NOW - 30_000), NOW, DAY), { kind: 'resume', soc: 71.2346, age: 30 });
  });

  test("the setting's empty default is a first start, not a corrupt state", () => {
    assert.deepEqual(resumeDecision('', NOW, DAY), { kind: 'none' });
  });

  test('each corrupt state is discarded with what is wrong with it', () => {
    assert.match(reason('{"soc": 71'), /^not JSON \(.*\): "\{\\"soc\\": 71"$/);
    assert.match(reason('[1,2]'), /^not an object \{version, soc, savedAt\}/);
    assert.equal(reason(stored({ soc: 150 })), 'soc 150 is not a finite number in 0..100');
    assert.equal(reason(stored({ soc: '71' })), 'soc "71" is not a finite number in 0..100');
    assert.equal(reason(stored({ soc: undefined, version: 2 })), 'version 2 is not 1; soc missing is not a finite number in 0..100');
    assert.equal(reason(42), 'the setting holds 42, not a text');
  });

  test('a state saved in the future, before any plausible clock, or older than maxStateAge is discarded', () => {
    assert.equal(reason(stored({ savedAt: NOW / 1000 + 3600 })), 'savedAt 2026-12-07T07:00:00.000Z is in the future (the clock says 2026-12-07T06:00:00.000Z)');
    assert.match(reason(stored({ savedAt: 60 })), /^savedAt 1970-01-01T00:01:00.000Z is before 2020-01-01/);
    assert.equal(reason(stored({ savedAt: NOW / 1000 - DAY - 1 })), 'saved 86401 s ago, more than maxStateAge (86400 s)');
    assert.equal(resumeDecision(stored({ savedAt: NOW / 1000 - DAY }), NOW, DAY).kind, 'resume', 'exactly maxStateAge still resumes');
    assert.equal(resumeDecision(stored({ savedAt: NOW / 1000 + 30 }), NOW, DAY).kind, 'resume', 'a clock stepped back a little');
  });

  test('any SoC in 0..100 round-trips within 1e-4 % (10,000 runs)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 100, noNaN: true }), (soc) => {
        const decision = resumeDecision(encodeOwnSoc(soc, NOW), NOW, DAY);
        return decision.kind === 'resume' && Math.abs(decision.soc - soc) <= 5e-5;
      }),
      { numRuns: 10_000 },
    );
  });
});
