import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bankCurrentLimit, withCclMode } from '../../../src/pipeline/limits/currentLimit';
import type { BatteryLimitInputs } from '../../../src/pipeline/limits/limitInputs';

/** The reference's three batteries: own CCLs 50, 90, 150 A; 100, 200, 300 Ah; R 12, 6, 4 milliohm. */
const bank = (changes: Partial<BatteryLimitInputs> = {}): BatteryLimitInputs[] =>
  [
    [50, 100, 0.012],
    [90, 200, 0.006],
    [150, 300, 0.004],
  ].map(([ccl, capacity, resistance], i) => ({
    id: `b${i}`,
    chargeLimit: ccl!,
    dischargeLimit: 2 * ccl!,
    allowCharge: 1,
    allowDischarge: 1,
    capacity: capacity!,
    resistance: resistance!,
    emf: null,
    chargeVoltage: null,
    chargeMode: null,
    balancing: null,
    ...changes,
  }));

test('the reference vectors: capacity 270 A, ir 270 A (R inversely proportional to capacity), count 150 A', () => {
  const capacity = bankCurrentLimit(bank(), 'charge', 'capacity');
  assert.equal(capacity.value, 270);
  assert.deepEqual(capacity.shares.map((s) => s.ratio), [6, 3, 2]);
  const ir = bankCurrentLimit(bank(), 'charge', 'ir');
  assert.equal(ir.method, 'ir');
  assert.ok(Math.abs(ir.value! - 270) < 1e-9, String(ir.value));
  assert.equal(bankCurrentLimit(bank(), 'charge', 'count').value, 150);
  assert.equal(bankCurrentLimit(bank(), 'discharge', 'capacity').value, 540);
});

test('fallbacks: ir without a resistance uses capacity; capacity without a capacity uses count', () => {
  const noResistance = bank().map((b, i) => (i === 1 ? { ...b, resistance: null } : b));
  assert.equal(bankCurrentLimit(noResistance, 'charge', 'ir').method, 'capacity');
  const noCapacity = noResistance.map((b, i) => (i === 2 ? { ...b, capacity: 0 } : b));
  const counted = bankCurrentLimit(noCapacity, 'charge', 'ir');
  assert.deepEqual([counted.method, counted.value], ['count', 150]);
});

test('a blocked battery takes no share and is listed as blocked', () => {
  const blocked = bank().map((b, i) => (i === 1 ? { ...b, allowCharge: 0 } : b));
  const limit = bankCurrentLimit(blocked, 'charge', 'capacity');
  assert.equal(limit.value, 200);
  assert.deepEqual(limit.blocked, ['b1']);
  assert.equal(bankCurrentLimit(blocked, 'discharge', 'capacity').value, 540, 'discharge still allowed');
});

test('cclMode with DVCC at 120 A: battery+dvcc 120, battery 270, dvcc 120; without a user limit all 270', () => {
  const computed = bankCurrentLimit(bank(), 'charge', 'capacity');
  assert.equal(withCclMode(computed, 'battery+dvcc', 120).value, 120);
  assert.equal(withCclMode(computed, 'battery', 120).value, 270);
  assert.equal(withCclMode(computed, 'dvcc', 120).value, 120);
  assert.equal(withCclMode(computed, 'dvcc', 400).value, 400);
  for (const mode of ['battery+dvcc', 'battery', 'dvcc'] as const) assert.equal(withCclMode(computed, mode, null).value, 270);
});

test('huge own limits whose product overflows limit nothing; if all overflow, invalid', () => {
  const huge = bank().map((b, i) => (i === 0 ? { ...b, chargeLimit: Number.MAX_VALUE } : b));
  assert.equal(bankCurrentLimit(huge, 'charge', 'capacity').value, 270);
  const allHuge = bank({ chargeLimit: Number.MAX_VALUE });
  assert.equal(bankCurrentLimit(allHuge, 'charge', 'capacity').value, null);
});
