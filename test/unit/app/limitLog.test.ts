import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeLimit } from '../../../src/app/limitLog';
import type { LimitExplanation } from '../../../src/pipeline/limits/explainedOutput';

const A = 'com.victronenergy.battery.a';

test('the limit log line adds what the rule gives while limit smoothing holds the value back', () => {
  const rule: LimitExplanation = {
    path: '/Info/MaxChargeCurrent',
    value: 120,
    method: 'count',
    shares: [{ id: A, limit: 120, ratio: 1, allows: 120 }],
    blocked: [],
    mode: 'battery',
    computed: 120,
    userLimit: null,
  };
  assert.equal(describeLimit(rule), '/Info/MaxChargeCurrent = 120 A (battery: batteries 120 A, DVCC limit none; count split: a 120 A x 1 = 120 A)');
  assert.equal(
    describeLimit({ ...rule, value: 42, smoothedFrom: 120, rampRate: 2 }),
    '/Info/MaxChargeCurrent = 42 A (battery: batteries 120 A, DVCC limit none; count split: a 120 A x 1 = 120 A; limit smoothing: ramping to the rule\'s 120 A at 2 A/s)',
  );
  const dcl: LimitExplanation = { path: '/Info/MaxDischargeCurrent', value: 60, method: 'count', shares: [], blocked: [], smoothedFrom: 100, rampRate: 5 };
  assert.equal(describeLimit(dcl), '/Info/MaxDischargeCurrent = 60 A (count split: no connected battery; limit smoothing: ramping to the rule\'s 100 A at 5 A/s)');
});
