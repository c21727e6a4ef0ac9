import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Variant } from 'dbus-next';
import { publishBattery, type TestBattery } from '../../helpers/testBattery';
import { getValue } from '../../helpers/busClient';
import { startRawBattery } from './rawBattery';
import { AGGREGATE, assertSameAsFreshStart, startFaultBus, waitForAggregate, type FaultBus } from './faultBus';

const A = 'com.victronenergy.battery.ttyA';
const X = 'com.victronenergy.battery.ttyX';

/** Batteries that publish less than a full driver: each joins with what it has, and nothing breaks. */
describe('batteries with missing paths', () => {
  let faults: FaultBus;
  let a: TestBattery;

  before(async () => {
    faults = await startFaultBus(async (address) => {
      a = await publishBattery(address, A, {
        '/Soc': 60,
        '/Dc/0/Voltage': 52,
        '/Dc/0/Current': -10,
        '/Info/MaxChargeCurrent': 50,
        '/System/MinCellVoltage': 3.2,
        '/System/MinVoltageCellId': 'C1',
        '/CustomName': 'Rack A',
      });
    });
  });

  after(async () => {
    await a?.stop();
    await faults?.stop();
  });

  const joined = async () => waitForAggregate(faults.client, '/System/NrOfBatteries', 2);
  const left = async () => waitForAggregate(faults.client, '/System/NrOfBatteries', 1);
  const read = async (path: string) => (await getValue(faults.client, AGGREGATE, path)).value;

  test('without /CustomName: its cell ids carry its short service name', async () => {
    const x = await publishBattery(faults.bus.address, X, { '/Soc': 80, '/System/MinCellVoltage': 3.1, '/System/MinVoltageCellId': 'C3' });
    try {
      assert.equal(x.service.has('/CustomName'), false);
      await joined();
      assert.equal(await read('/System/MinVoltageCellId'), 'ttyX C3');
      assert.equal(await read('/Soc'), 70);
      await assertSameAsFreshStart(faults);
    } finally {
      await x.stop();
    }
    await left();
    assert.equal(await read('/System/MinVoltageCellId'), 'Rack A C1');
  });

  test('without /DeviceInstance: still aggregated (its limits must count), unlike velib which skips it', async () => {
    const x = await startRawBattery(faults.bus.address, X, { '/Soc': new Variant('d', 20), '/Info/MaxChargeCurrent': new Variant('d', 10) }, { kind: 'answer' });
    try {
      await joined();
      assert.equal(await read('/Soc'), 40);
      assert.equal(await read('/Info/MaxChargeCurrent'), 20); // min(50, 10) x 2: the weaker battery limits the bank
      await assertSameAsFreshStart(faults);
    } finally {
      await x.stop();
    }
    await left();
  });

  test('with only a few paths, or none: it counts as a battery and is ignored where it has no value', async () => {
    const few = await startRawBattery(faults.bus.address, X, { '/Soc': new Variant('d', 100) }, { kind: 'answer' });
    const none = await startRawBattery(faults.bus.address, `${X}2`, {}, { kind: 'answer' });
    try {
      await waitForAggregate(faults.client, '/System/NrOfBatteries', 3);
      assert.equal(await read('/Soc'), 80);
      assert.equal(await read('/Dc/0/Voltage'), 52);
      assert.equal(await read('/Dc/0/Current'), -10);
      assert.equal(await read('/System/MinVoltageCellId'), 'Rack A C1');
      await assertSameAsFreshStart(faults);
    } finally {
      await few.stop();
      await none.stop();
    }
    await left();
  });

  test('a battery that publishes its paths only after taking its name: each joins as it arrives', async () => {
    const x = await publishBattery(faults.bus.address, X, {});
    try {
      await joined();
      x.set({ '/Soc': 90, '/Dc/0/Current': -5 });
      await waitForAggregate(faults.client, '/Soc', 75);
      assert.equal(await read('/Dc/0/Current'), -15);
      x.set({ '/Alarms/FuseBlown': 2 });
      await waitForAggregate(faults.client, '/Alarms/FuseBlown', 2);
      await assertSameAsFreshStart(faults);
    } finally {
      await x.stop();
    }
    await left();
    assert.equal(await read('/Alarms/FuseBlown'), 0, 'an alarm of a vanished battery is cleared');
  });
});
