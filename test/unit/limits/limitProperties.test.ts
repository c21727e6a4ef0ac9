import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { BehaviorSubject, of } from 'rxjs';
import type { Bank, Battery } from '../../../src/battery/bank';
import { userChargeCurrent, userChargeVoltage, type DvccState } from '../../../src/battery/dvcc';
import type { Value } from '../../../src/battery/value';
import { CCL_MODES, CURRENT_RATIO_METHODS, CVL_MODES } from '../../../src/config/codec';
import { withDefaults } from '../../../src/config/defaults';
import { chargeVoltageLimit, chargeVoltageReasonKey } from '../../../src/pipeline/limits/chargeVoltageLimit';
import { bankCurrentLimit, bankCurrentLimitValue, cclModeValue, withCclMode, type CurrentDirection } from '../../../src/pipeline/limits/currentLimit';
import type { BankLimitInputs, BatteryLimitInputs } from '../../../src/pipeline/limits/limitInputs';
import { limitOutputs } from '../../../src/pipeline/limits/limitOutputs';

const RUNS = { numRuns: 10000 };
/** Float rounding: x * r / r may come back one ulp above x. */
const ULP = 1 + 1e-12;

const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null });
const amps = fc.oneof(fc.double({ min: -50, max: 1000, noNaN: true }), fc.integer({ min: 0, max: 300 }));
const anyFinite = fc.double({ noNaN: true, noDefaultInfinity: true });
const flag = maybe(fc.constantFrom(0, 1));
const mode = maybe(fc.constantFrom('Float', 'Bulk', 'Absorption', 'float 2h', 'Charging'));

const battery = (limit: fc.Arbitrary<number>, size: fc.Arbitrary<number>, ohm: fc.Arbitrary<number>, volt: fc.Arbitrary<number>) =>
  fc.record({
    chargeLimit: maybe(limit),
    dischargeLimit: maybe(limit),
    allowCharge: flag,
    allowDischarge: flag,
    capacity: maybe(size),
    resistance: maybe(ohm),
    emf: fc.constant(null),
    chargeVoltage: maybe(volt),
    chargeMode: mode,
    balancing: flag,
  });
const withIds = (batteries: Omit<BatteryLimitInputs, 'id'>[]): BankLimitInputs => batteries.map((b, i) => ({ id: `b${i}`, ...b }));
const realisticBank = fc
  .array(battery(amps, fc.double({ min: 0, max: 1000, noNaN: true }), fc.double({ min: 1e-4, max: 0.1, noNaN: true }), fc.double({ min: 40, max: 60, noNaN: true })), { maxLength: 6 })
  .map(withIds);
const extremeBank = fc.array(battery(anyFinite, anyFinite, anyFinite, anyFinite), { maxLength: 6 }).map(withIds);
const dvcc: fc.Arbitrary<DvccState> = fc.record({
  enabled: fc.boolean(),
  maxChargeCurrent: maybe(fc.oneof(amps, anyFinite)),
  maxChargeVoltage: maybe(fc.oneof(fc.double({ min: 40, max: 60, noNaN: true }), anyFinite)),
});
const method = fc.constantFrom(...CURRENT_RATIO_METHODS);

/** Battery i's part of the bank current by the method's physics, from first principles. */
function shareOf(method: string, connected: BankLimitInputs, i: number): number {
  if (method === 'ir') return 1 / connected[i]!.resistance! / connected.reduce((sum, b) => sum + 1 / b.resistance!, 0);
  if (method === 'capacity') return connected[i]!.capacity! / connected.reduce((sum, b) => sum + b.capacity!, 0);
  return 1 / connected.length;
}

for (const direction of ['charge', 'discharge'] as const satisfies readonly CurrentDirection[]) {
  const own = direction === 'charge' ? 'chargeLimit' : 'dischargeLimit';
  const allow = direction === 'charge' ? 'allowCharge' : 'allowDischarge';
  test(`property: at the published ${direction} limit, shared as assumed, no connected battery exceeds its own limit`, () => {
    fc.assert(
      fc.property(realisticBank, method, fc.constantFrom(...CCL_MODES), dvcc, (bank, method, cclMode, dvcc) => {
        const computed = bankCurrentLimit(bank, direction, method);
        const limit = direction === 'charge' ? withCclMode(computed, cclMode, userChargeCurrent(dvcc)).value : computed.value;
        if (limit === null || limit === 0) return;
        const connected = bank.filter((b) => b[allow] !== 0);
        connected.forEach((b, i) => {
          if (b[own] === null || (direction === 'charge' && cclMode === 'dvcc' && userChargeCurrent(dvcc) !== null)) return;
          const current = limit * shareOf(computed.method, connected, i);
          assert.ok(current <= Math.max(0, b[own]) * ULP + 1e-9, `${b.id} carries ${current} A > its ${b[own]} A at ${limit} A`);
        });
      }),
      RUNS,
    );
  });
}

test('property: in every "min" situation the CVL is <= every candidate\'s CVL, and never above the DVCC voltage when DVCC is on', () => {
  fc.assert(
    fc.property(realisticBank, fc.constantFrom(...CVL_MODES), dvcc, (bank, cvlMode, dvcc) => {
      const user = userChargeVoltage(dvcc);
      const { value } = chargeVoltageLimit(bank, cvlMode, user);
      if (value === null) return;
      if (user !== null) assert.ok(value <= user, `${value} V above the DVCC ${user} V`);
      const withCvl = bank.filter((b) => b.chargeVoltage !== null);
      const floats = (b: BatteryLimitInputs) => b.chargeMode !== null && b.chargeMode.toLowerCase().includes('float');
      const charging = withCvl.filter((b) => !floats(b));
      const candidates = charging.length > 0 ? charging : withCvl;
      const balancing = bank.some((b) => (b.balancing ?? 0) !== 0);
      const modes = bank.filter((b) => b.chargeMode !== null);
      const allFloat = modes.length > 0 && modes.every(floats);
      const min =
        cvlMode === 'min_when_balancing' ||
        (cvlMode === 'max_when_balancing' && !balancing) ||
        (cvlMode === 'max_when_floating' && !allFloat) ||
        (cvlMode === 'dvcc' && user === null);
      if (min) for (const b of candidates) assert.ok(value <= Math.max(0, b.chargeVoltage!), `${value} V above ${b.id}'s ${b.chargeVoltage} V`);
    }),
    RUNS,
  );
});

test('property: every limit is a finite number >= 0, or null, whatever the inputs (huge, tiny, negative)', () => {
  const valid = (value: number | null) => value === null || (Number.isFinite(value) && value >= 0);
  fc.assert(
    fc.property(fc.oneof(realisticBank, extremeBank), method, fc.constantFrom(...CCL_MODES), fc.constantFrom(...CVL_MODES), dvcc, (bank, method, cclMode, cvlMode, dvcc) => {
      const ccl = withCclMode(bankCurrentLimit(bank, 'charge', method), cclMode, userChargeCurrent(dvcc));
      const dcl = bankCurrentLimit(bank, 'discharge', method);
      const cvl = chargeVoltageLimit(bank, cvlMode, userChargeVoltage(dvcc));
      for (const value of [ccl.value, dcl.value, cvl.value]) assert.ok(valid(value), `got ${value}`);
      for (const share of [...ccl.shares, ...dcl.shares]) assert.ok(Number.isFinite(share.ratio) && share.ratio >= 1);
    }),
    RUNS,
  );
});

test('property: each limit computed alone (every signal) is the value of its explanation (built for the log)', () => {
  fc.assert(
    fc.property(fc.oneof(realisticBank, extremeBank), method, fc.constantFrom(...CCL_MODES), fc.constantFrom(...CVL_MODES), dvcc, (bank, method, cclMode, cvlMode, dvcc) => {
      const ccl = withCclMode(bankCurrentLimit(bank, 'charge', method), cclMode, userChargeCurrent(dvcc));
      assert.equal(cclModeValue(bankCurrentLimitValue(bank, 'charge', method), cclMode, userChargeCurrent(dvcc)), ccl.value);
      assert.equal(bankCurrentLimitValue(bank, 'discharge', method), bankCurrentLimit(bank, 'discharge', method).value);
      assert.equal(chargeVoltageReasonKey(bank, cvlMode, userChargeVoltage(dvcc)).split('|')[0], String(chargeVoltageLimit(bank, cvlMode, userChargeVoltage(dvcc)).value));
    }),
    RUNS,
  );
});

const PATHS = ['/Info/MaxChargeCurrent', '/Info/MaxDischargeCurrent', '/Io/AllowToCharge', '/Io/AllowToDischarge', '/InstalledCapacity', '/Info/MaxChargeVoltage', '/Info/ChargeMode', '/Balancing'];
const LIMITS = ['/Info/MaxChargeCurrent', '/Info/MaxDischargeCurrent', '/Info/MaxChargeVoltage'];
const busValue: fc.Arbitrary<Value> = fc.oneof(
  fc.constant(null),
  fc.constantFrom(0, 1, -1, Number.NaN, Number.POSITIVE_INFINITY, 1e308, 5e-324),
  fc.integer({ min: 0, max: 400 }),
  fc.constantFrom('Float', 'Bulk'),
);

test('property: with capacity or count, the same final inputs in any arrival order give the same final limits, always finite >= 0 or null', async () => {
  // Each battery: its final value per path, some with an earlier value; the run replays the earlier values, then
  // the finals, each in a shuffled order; each battery joins the bank at a random step.
  const slot = fc.record({ noise: fc.option(busValue, { nil: undefined, freq: 2 }), final: busValue });
  const scenario = fc
    .array(fc.array(slot, { minLength: PATHS.length, maxLength: PATHS.length }), { minLength: 1, maxLength: 3 })
    .chain((batteries) => {
      const updates = batteries.flatMap((slots, b) => slots.map((_, p) => [b, p] as const));
      return fc.record({
        batteries: fc.constant(batteries),
        noiseOrder: fc.shuffledSubarray(updates, { minLength: updates.length }),
        finalOrder: fc.shuffledSubarray(updates, { minLength: updates.length }),
        joinAt: fc.array(fc.integer({ min: 0, max: 2 * updates.length }), { minLength: batteries.length, maxLength: batteries.length }),
      });
    });
  const finals = (batteries: ReadonlyArray<ReadonlyArray<{ final: Value }>>, method: 'capacity' | 'count') =>
    run(batteries.map((slots) => slots.map((s) => s.final)), [], batteries.map((_, b) => [0, b] as const), method);

  let published = 0;
  await fc.assert(
    fc.asyncProperty(scenario, fc.constantFrom('capacity' as const, 'count' as const), async ({ batteries, noiseOrder, finalOrder, joinAt }, method) => {
      const noise = noiseOrder.filter(([b, p]) => batteries[b]![p]!.noise !== undefined).map(([b, p]) => ({ b, p, value: batteries[b]![p]!.noise! }));
      const steps = [...noise, ...finalOrder.map(([b, p]) => ({ b, p, value: batteries[b]![p]!.final }))];
      const joins = joinAt.map((at, b) => [at, b] as const);
      const shuffled = await run(batteries.map((slots) => slots.map(() => null)), steps, joins, method);
      const fresh = await finals(batteries, method);
      assert.deepEqual(shuffled, fresh);
      if (fresh.some((value) => value !== null)) published++;
    }),
    RUNS,
  );
  assert.ok(published > RUNS.numRuns / 4, `only ${published} runs published a limit`);
});

/** Lets the instant end: the limits take an instant's changes together, at the end of its microtasks. */
const endOfInstant = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Runs the real limit pipeline: batteries start with `initial` values, `steps` change them one by one, each
 * in its own instant, battery b joins the bank before step `at` for each [at, b] of `joins`. Returns the
 * last value of each limit, after checking every value emitted on the way.
 */
async function run(
  initial: ReadonlyArray<readonly Value[]>,
  steps: ReadonlyArray<{ b: number; p: number; value: Value }>,
  joins: ReadonlyArray<readonly [at: number, battery: number]>,
  method: 'capacity' | 'count',
): Promise<Value[]> {
  const subjects = initial.map((values) => values.map((v) => new BehaviorSubject<Value>(v)));
  const batteries: Battery[] = subjects.map((paths, b) => ({
    id: `com.victronenergy.battery.b${b}`,
    value$: (path) => paths[PATHS.indexOf(path)] ?? of(null),
    paths$: of(),
  }));
  const bank$ = new BehaviorSubject<Bank>(new Map());
  const members = new Map<string, Battery>();
  const outputs = limitOutputs(bank$, of({ enabled: false, maxChargeCurrent: null, maxChargeVoltage: null }), withDefaults({ currentRatioMethod: method }));
  const last: Value[] = LIMITS.map(() => null);
  const subscriptions = LIMITS.map((path, k) =>
    outputs.find((o) => o.path === path)!.value$.subscribe((value) => {
      assert.ok(value === null || (typeof value === 'number' && Number.isFinite(value) && value >= 0), `${path}: ${String(value)}`);
      last[k] = value;
    }),
  );
  const joinBefore = (at: number) => {
    const joining = joins.filter(([when]) => when === at);
    if (joining.length === 0) return;
    for (const [, b] of joining) members.set(batteries[b]!.id, batteries[b]!);
    bank$.next(new Map(members));
  };
  for (const [k, { b, p, value }] of steps.entries()) {
    joinBefore(k);
    subjects[b]![p]!.next(value);
    await endOfInstant();
  }
  for (let at = steps.length; at <= Math.max(steps.length, ...joins.map(([when]) => when)); at++) joinBefore(at);
  await endOfInstant();
  for (const s of subscriptions) s.unsubscribe();
  return last;
}
