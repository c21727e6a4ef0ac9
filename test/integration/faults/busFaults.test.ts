import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startAggregator } from '../../../src/app/aggregator';
import { withDefaults } from '../../../src/config/defaults';
import type { ConfigFile } from '../../../src/config/codec';
import { BusConnection } from '../../../src/bus/busConnection';
import { publishBattery } from '../../helpers/testBattery';
import { BUS_ITEM } from '../../helpers/busClient';
import { startRawBattery } from './rawBattery';
import { assertServiceUp, startFaultBus, waitForAggregate } from './faultBus';

/** Faults of the bus itself, in process; the daemon's exit code on a lost bus is in daemon.test.ts. */
describe('faults of the bus', () => {
  test('a second instance on the same bus is refused with a clear error; the first keeps serving', async () => {
    const faults = await startFaultBus();
    try {
      await assert.rejects(startAggregator({ address: faults.bus.address, config: withDefaults({ startupBatteryWait: 0 } as unknown as ConfigFile) }), /com\.victronenergy\.battery\.aggregator is already taken: is another instance running\?/);
      await assertServiceUp(faults.client);
      const battery = await publishBattery(faults.bus.address, 'com.victronenergy.battery.ttyA', { '/Soc': 55 });
      await waitForAggregate(faults.client, '/Soc', 55);
      await battery.stop();
    } finally {
      await faults.stop();
    }
  });

  // The timeout only turns a regression (calls waiting out their 60 s) into a failure instead of a hang.
  test('the dbus-daemon killed (SIGKILL): the aggregator reports the connection lost, and a call awaiting an answer fails at once', { timeout: 20_000 }, async () => {
    const faults = await startFaultBus();
    try {
      const silent = await startRawBattery(faults.bus.address, 'com.victronenergy.battery.silent', {}, { kind: 'answer', delayMs: 60_000 });
      const getItems = (connection: BusConnection) =>
        connection.call({ destination: silent.uniqueName, path: '/', interface: BUS_ITEM, member: 'GetItems' }, 60_000);
      const closedByUs = await BusConnection.connect(faults.bus.address);
      const closing = getItems(closedByUs);
      closedByUs.close();
      await assert.rejects(closing, /the bus connection is closed/, 'a connection we close');
      const lostWithTheBus = await BusConnection.connect(faults.bus.address);
      const losing = assert.rejects(getItems(lostWithTheBus), /the bus connection is closed/, 'a connection the bus drops');

      const started = performance.now();
      faults.bus.process.kill('SIGKILL');
      const reason = await faults.aggregator.lost;
      assert.match(reason, /closed the connection|EPIPE|ECONNRESET/);
      console.log(`bus lost: reported after ${(performance.now() - started).toFixed(0)} ms (${reason})`);
      await losing;
      await silent.stop();
      // Stopping after the loss must not wait for the 30 s call timeout of a name release nobody will answer.
      await faults.aggregator.stop();
    } finally {
      await faults.stop();
    }
  });
});
