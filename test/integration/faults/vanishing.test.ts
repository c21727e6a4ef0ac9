import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { NameFlag, Variant } from 'dbus-next';
import { publishBattery, type TestBattery } from '../../helpers/testBattery';
import { startRawBattery } from './rawBattery';
import { eventually, getValue, listNames, recordItemsChanged } from '../../helpers/busClient';
import { exited, spawnCli } from '../../helpers/processes';
import { AGGREGATE, assertSameAsFreshStart, assertServiceUp, startFaultBus, waitForAggregate, type FaultBus } from './faultBus';

const A = 'com.victronenergy.battery.ttyA';
const B = 'com.victronenergy.battery.ttyB';
const SIM = (n: number) => `com.victronenergy.battery.sim${n}`;
const BATTERY_A = { '/Dc/0/Voltage': 52, '/Dc/0/Current': -10, '/Soc': 60, '/Info/MaxChargeCurrent': 50, '/Info/MaxChargeVoltage': 55.2, '/Io/AllowToCharge': 1, '/Alarms/LowVoltage': 0 };

/**
 * Batteries that vanish without saying goodbye. During the fault the service stays up; after it, no value
 * of a vanished battery is left in any aggregate, and the outputs equal those of a fresh start.
 */
describe('batteries that vanish', () => {
  let faults: FaultBus;
  let a: TestBattery | null = null;
  const children: Array<ReturnType<typeof spawnCli>> = [];

  /** Simulated batteries in a child process, changing every 20 ms: the stream a SIGKILL cuts. */
  async function simulate(count: number, seed = 1): Promise<ReturnType<typeof spawnCli>> {
    const child = spawnCli(['simulate', '--count', String(count), '--interval', '20', '--seed', String(seed), '--bus', faults.bus.address]);
    children.push(child);
    await eventually(async () => {
      const names = await listNames(faults.client);
      return Array.from({ length: count }, (_, i) => SIM(i + 1)).every((name) => names.includes(name)) ? true : undefined;
    }, 30_000, `${count} simulated batteries`);
    return child;
  }

  async function killed(child: ReturnType<typeof spawnCli>): Promise<void> {
    child.kill('SIGKILL');
    assert.equal(await exited(child), 'SIGKILL');
  }

  /** A change of the aggregate while the simulation runs: the stream is live when we cut it. */
  async function streaming(): Promise<void> {
    const recorder = await recordItemsChanged(faults.client, AGGREGATE);
    try {
      await eventually(() => (recorder.batches.some((batch) => batch.items.has('/Dc/0/Voltage')) ? true : undefined), 10_000, 'a live voltage');
    } finally {
      recorder.stop();
    }
  }

  before(async () => {
    faults = await startFaultBus(async (address) => {
      a = await publishBattery(address, A, BATTERY_A);
    });
  });

  after(async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await a?.stop();
    await faults?.stop();
  });

  test('one battery process killed with SIGKILL mid-stream: its contribution disappears', async () => {
    const child = await simulate(1);
    await waitForAggregate(faults.client, '/System/NrOfBatteries', 2);
    await streaming();
    await killed(child);
    await waitForAggregate(faults.client, '/System/NrOfBatteries', 1);
    await assertServiceUp(faults.client);
    assert.equal((await getValue(faults.client, AGGREGATE, '/System/Batteries')).value, JSON.stringify([A]));
    assert.equal((await getValue(faults.client, AGGREGATE, '/Dc/0/Current')).value, -10);
    assert.equal((await getValue(faults.client, AGGREGATE, '/Info/MaxChargeCurrent')).value, 50);
    await assertSameAsFreshStart(faults);
  });

  test('two batteries vanishing at the same moment (one process killed) are both removed', async () => {
    const child = await simulate(2);
    await waitForAggregate(faults.client, '/System/NrOfBatteries', 3);
    await streaming();
    await killed(child);
    await waitForAggregate(faults.client, '/System/NrOfBatteries', 1);
    await assertServiceUp(faults.client);
    assert.equal((await getValue(faults.client, AGGREGATE, '/Soc')).value, 60);
    await assertSameAsFreshStart(faults);
  });

  test('a battery killed and restarted at once under the same name is read afresh from its new connection', async () => {
    const first = await simulate(1, 1);
    const oldOwner = (await faults.client.callBus('GetNameOwner', 's', [SIM(1)])).body[0] as string;
    await killed(first);
    const second = await simulate(1, 2);
    const newOwner = (await faults.client.callBus('GetNameOwner', 's', [SIM(1)])).body[0] as string;
    assert.notEqual(newOwner, oldOwner);
    await waitForAggregate(faults.client, '/System/NrOfBatteries', 2);
    await streaming(); // changes from the new connection are followed
    await killed(second);
    await waitForAggregate(faults.client, '/System/NrOfBatteries', 1);
    await assertSameAsFreshStart(faults);
  });

  test('an in-process battery replaced at once by a new connection with other values: only the new values count', async () => {
    const old = await publishBattery(faults.bus.address, B, { '/Soc': 20, '/Dc/0/Current': -100 });
    await waitForAggregate(faults.client, '/Soc', 40);
    await old.stop();
    const renewed = await publishBattery(faults.bus.address, B, { '/Soc': 80 });
    try {
      await waitForAggregate(faults.client, '/Soc', 70);
      assert.equal((await getValue(faults.client, AGGREGATE, '/Dc/0/Current')).value, -10, 'the old current of B is gone');
      assert.equal((await getValue(faults.client, AGGREGATE, '/System/Batteries')).value, JSON.stringify([A, B]));
      await assertSameAsFreshStart(faults);
    } finally {
      await renewed.stop();
    }
    await waitForAggregate(faults.client, '/System/NrOfBatteries', 1);
  });

  test('a battery name taken over by another connection: the old connection, still on the bus, no longer counts', async () => {
    const old = await startRawBattery(faults.bus.address, B, { '/Soc': new Variant('d', 20) }, { kind: 'answer' }, NameFlag.ALLOW_REPLACEMENT);
    await waitForAggregate(faults.client, '/Soc', 40);
    const taker = await startRawBattery(faults.bus.address, B, { '/Soc': new Variant('d', 80) }, { kind: 'answer' }, NameFlag.REPLACE_EXISTING);
    try {
      assert.notEqual(taker.uniqueName, old.uniqueName);
      await waitForAggregate(faults.client, '/Soc', 70);
      old.set('/Soc', new Variant('d', 0)); // a stale sender
      await old.sync(); // routed to the aggregator before our next call
      taker.set('/Dc/0/Current', new Variant('d', -5));
      await waitForAggregate(faults.client, '/Dc/0/Current', -15);
      assert.equal((await getValue(faults.client, AGGREGATE, '/Soc')).value, 70, 'the old connection is ignored');
      assert.equal((await getValue(faults.client, AGGREGATE, '/System/NrOfBatteries')).value, 2);
      await assertSameAsFreshStart(faults);
    } finally {
      await taker.stop();
      await old.stop();
    }
    await waitForAggregate(faults.client, '/System/NrOfBatteries', 1);
  });

  test('all batteries vanishing at the same moment leave an empty bank, as at a fresh start', async () => {
    const child = await simulate(2);
    await waitForAggregate(faults.client, '/System/NrOfBatteries', 3);
    await streaming();
    await Promise.all([killed(child), a!.stop()]);
    a = null;
    await waitForAggregate(faults.client, '/System/NrOfBatteries', 0);
    await assertServiceUp(faults.client);
    assert.equal((await getValue(faults.client, AGGREGATE, '/System/Batteries')).value, '[]');
    assert.equal((await getValue(faults.client, AGGREGATE, '/Dc/0/Current')).value, 0);
    assert.deepEqual((await getValue(faults.client, AGGREGATE, '/Info/MaxChargeVoltage')).signature, 'ai');
    await assertSameAsFreshStart(faults);
  });
});
