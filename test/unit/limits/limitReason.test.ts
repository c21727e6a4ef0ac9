import assert from 'node:assert/strict';
import { test } from 'node:test';
import { limitReason } from '../../../src/pipeline/limits/limitReason';

const A = 'com.victronenergy.battery.a';
const B = 'com.victronenergy.battery.b';

test('a current limit names the battery that reaches its own limit first, with its ratio and the split', () => {
  const reason = limitReason({
    path: '/Info/MaxDischargeCurrent',
    value: 90,
    method: 'capacity',
    shares: [
      { id: A, limit: 100, ratio: 2, allows: 200 },
      { id: B, limit: 60, ratio: 1.5, allows: 90 },
    ],
    blocked: [],
  });
  assert.equal(reason, 'b: own limit 60 A x ratio 1.5 (capacity split)');
});

test('the charge limit names DVCC when the owner\'s limit is the smaller, and the batteries otherwise', () => {
  const base = { path: '/Info/MaxChargeCurrent', method: 'count', shares: [{ id: A, limit: 50, ratio: 2, allows: 100 }], blocked: [], mode: 'battery+dvcc', computed: 100 } as const;
  assert.equal(limitReason({ ...base, value: 80, userLimit: 80 }), 'DVCC limit 80 A (cclMode battery+dvcc)');
  assert.equal(limitReason({ ...base, value: 100, userLimit: 120 }), 'a: own limit 50 A x ratio 2 (count split)');
  assert.equal(limitReason({ ...base, value: 100, userLimit: null }), 'a: own limit 50 A x ratio 2 (count split)');
});

test('blocked and unknown limits say so', () => {
  const none = { path: '/Info/MaxDischargeCurrent', method: 'count', shares: [], blocked: [A] } as const;
  assert.equal(limitReason({ ...none, value: 0 }), 'blocked: a');
  assert.equal(limitReason({ ...none, value: null }), 'no battery reports a limit');
});

test('the voltage limit names the battery whose CVL is taken, the rule, the floating ones and a DVCC cap', () => {
  const base = { path: '/Info/MaxChargeVoltage', mode: 'max_when_balancing', rule: 'min', candidates: [{ id: A, voltage: 56.4 }, { id: B, voltage: 56.8 }], floating: [], userLimit: null } as const;
  assert.equal(limitReason({ ...base, value: 56.4 }), 'a: own CVL 56.4 V (min of 2 batteries)');
  assert.equal(limitReason({ ...base, value: 56.4, floating: [B] }), 'a: own CVL 56.4 V (min of 2 batteries, floating ignored: b)');
  assert.equal(limitReason({ ...base, value: 55, userLimit: 55 }), 'DVCC voltage 55 V caps the min of 2 batteries');
  assert.equal(limitReason({ ...base, mode: 'dvcc', rule: 'dvcc', value: 55, userLimit: 55 }), 'DVCC voltage 55 V (cvlMode dvcc)');
  assert.equal(limitReason({ ...base, rule: 'none', candidates: [], value: null }), 'no battery reports a charge voltage');
});
