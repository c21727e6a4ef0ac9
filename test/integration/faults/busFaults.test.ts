import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startAggregator } from '../../../src/app/aggregator';
import { withDefaults } from '../../../src/config/defaults';
import type { ConfigFile } from '../../../src/config/codec';
import { publishBattery } from '../../helpers/testBattery';
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

  test('the dbus-daemon killed (SIGKILL): the aggregator reports the connection lost', async () => {
    const faults = await startFaultBus();
    try {
      const started = performance.now();
      faults.bus.process.kill('SIGKILL');
      const reason = await faults.aggregator.lost;
      assert.match(reason, /closed the connection|EPIPE|ECONNRESET/);
      console.log(`bus lost: reported after ${(performance.now() - started).toFixed(0)} ms (${reason})`);
    } finally {
      await faults.stop();
    }
  });
});
