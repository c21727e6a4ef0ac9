import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Variant } from 'dbus-next';
import { publishBattery, type TestBattery } from '../../helpers/testBattery';
import { eventually, getValue } from '../../helpers/busClient';
import { startRawBattery, type GetItemsBehaviour, type RawBattery } from './rawBattery';
import { AGGREGATE, assertSameAsFreshStart, assertServiceUp, startFaultBus, waitForAggregate, type FaultBus } from './faultBus';

const A = 'com.victronenergy.battery.ttyA';
const RAW = 'com.victronenergy.battery.raw';
const SLOW = 'com.victronenergy.battery.slow';
const LATE = 'com.victronenergy.battery.late';

const rawValues = (soc: number, current: number) => ({
  '/DeviceInstance': new Variant('i', 7),
  '/Soc': new Variant('d', soc),
  '/Dc/0/Current': new Variant('d', current),
  '/Info/MaxChargeCurrent': new Variant('d', 30),
});

describe('a battery whose reads fail: read the legacy way (GetValue on /), or again when it next sends', () => {
  let faults: FaultBus;
  let a: TestBattery;

  before(async () => {
    faults = await startFaultBus(async (address) => {
      // A voltage, so the aggregator registers without its startup wait for one.
      a = await publishBattery(address, A, { '/Dc/0/Voltage': 52, '/Soc': 60, '/Dc/0/Current': -10, '/Info/MaxChargeCurrent': 50 });
    });
  });

  after(async () => {
    await a?.stop();
    await faults?.stop();
  });

  const cases: Array<[string, GetItemsBehaviour]> = [
    ['an error reply', { kind: 'error', errorName: 'org.freedesktop.DBus.Python.KeyError' }],
    ['no such method (a service older than GetItems)', { kind: 'unknown' }],
    ['a reply of the wrong signature', { kind: 'garbage' }],
  ];
  for (const [what, behaviour] of cases) {
    test(`GetItems answering ${what}: the battery joins with every value and its changes are followed`, async () => {
      const problemsBefore = faults.aggregator.problems.total;
      const raw = await startRawBattery(faults.bus.address, RAW, rawValues(80, -20), behaviour);
      try {
        await waitForAggregate(faults.client, '/System/NrOfBatteries', 2);
        assert.equal((await getValue(faults.client, AGGREGATE, '/Soc')).value, 70);
        assert.equal((await getValue(faults.client, AGGREGATE, '/Dc/0/Current')).value, -30);
        assert.equal((await getValue(faults.client, AGGREGATE, '/Info/MaxChargeCurrent')).value, 60); // min(50, 30) x 2
        raw.set('/Soc', new Variant('d', 90));
        await waitForAggregate(faults.client, '/Soc', 75);
        await assertSameAsFreshStart(faults);
      } finally {
        await raw.stop();
      }
      await waitForAggregate(faults.client, '/System/NrOfBatteries', 1);
      assert.equal(faults.aggregator.problems.total, problemsBefore, 'a fallback is not a problem');
    });
  }

  test('a battery that cannot be read at first is read again when it sends a value, and joins', async () => {
    const raw = await startRawBattery(faults.bus.address, RAW, rawValues(80, -20), { kind: 'unreadable-until-set' });
    try {
      await eventually(() => (faults.logs.some((line) => line.includes(`cannot read ${RAW}`)) ? true : undefined), 10_000, 'the failed read');
      assert.equal((await getValue(faults.client, AGGREGATE, '/System/NrOfBatteries')).value, 1);
      // A driver sends its values every second or so; the first one after a pause makes it read again.
      await eventually(async () => {
        raw.set('/Soc', new Variant('d', 90));
        return (await getValue(faults.client, AGGREGATE, '/System/NrOfBatteries')).value === 2 ? true : undefined;
      }, 15_000, 'the battery to join');
      await waitForAggregate(faults.client, '/Soc', 75);
      assert.equal((await getValue(faults.client, AGGREGATE, '/Dc/0/Current')).value, -30, 'every value read, not only the one sent');
      await assertSameAsFreshStart(faults);
    } finally {
      await raw.stop();
    }
    await waitForAggregate(faults.client, '/System/NrOfBatteries', 1);
  });
});

describe('a battery that answers GetItems only after 10 s', () => {
  let faults: FaultBus;
  let a: TestBattery;
  let slow: RawBattery;
  let late: RawBattery | undefined;

  before(async () => {
    faults = await startFaultBus(async (address) => {
      // A voltage, so the aggregator registers without its startup wait for one.
      a = await publishBattery(address, A, { '/Dc/0/Voltage': 52, '/Soc': 60, '/Dc/0/Current': -10, '/Info/MaxChargeCurrent': 50 });
      slow = await startRawBattery(address, SLOW, rawValues(80, -20), { kind: 'answer', delayMs: 10_000 });
    });
  });

  after(async () => {
    await late?.stop();
    await slow?.stop();
    await a?.stop();
    await faults?.stop();
  });

  test('holds up neither the start nor the other batteries, and joins when it answers', async () => {
    // Present at start: the aggregator registered without it.
    assert.equal(slow.answeredGetItems, 0);
    await assertServiceUp(faults.client);
    assert.equal((await getValue(faults.client, AGGREGATE, '/System/NrOfBatteries')).value, 1);
    // Appearing later: the same.
    late = await startRawBattery(faults.bus.address, LATE, rawValues(40, -5), { kind: 'answer', delayMs: 10_000 });
    a.set({ '/Dc/0/Current': -12 });
    await waitForAggregate(faults.client, '/Dc/0/Current', -12);
    assert.equal(slow.answeredGetItems + late.answeredGetItems, 0, 'changes of others flowed while both were still silent');

    await waitForAggregate(faults.client, '/System/NrOfBatteries', 3, 30_000);
    assert.equal((await getValue(faults.client, AGGREGATE, '/Dc/0/Current')).value, -37);
    assert.equal((await getValue(faults.client, AGGREGATE, '/Soc')).value, 60);
    slow.set('/Soc', new Variant('d', 20));
    await waitForAggregate(faults.client, '/Soc', 40);
    await assertSameAsFreshStart(faults);
  });
});
