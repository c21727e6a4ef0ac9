import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startPrivateBus, type PrivateBus } from '../../src/devtools/privateBus';
import { BusConnection } from '../../src/bus/busConnection';
import { startAggregator, type RunningAggregator } from '../../src/app/aggregator';
import { startSimulatedBank, type SimulatedBank } from '../../src/sim/simulatedBank';
import { testConfig } from '../helpers/config';
import { eventually, getValue } from '../helpers/busClient';

const AGGREGATE = 'com.victronenergy.battery.aggregator';

/**
 * The capacity-weighted /Soc (socMode capacity, the default) on a real private bus, from the simulator's batteries
 * of unequal capacity (100, 200 and 280 Ah). The simulation steps once an hour, so the values read stay put.
 */
describe('capacity-weighted /Soc over the bus', () => {
  let bus: PrivateBus;
  let client: BusConnection;
  let bank: SimulatedBank;
  let aggregator: RunningAggregator;

  before(async () => {
    bus = await startPrivateBus();
    client = await BusConnection.connect(bus.address);
    bank = await startSimulatedBank({ address: bus.address, count: 3, capacityAh: [100, 200, 280], intervalMs: 3_600_000, seed: 7 });
    aggregator = await startAggregator({ address: bus.address, config: testConfig({ startupBatteryWait: 0 }) });
  });
  after(async () => {
    await aggregator?.stop();
    await bank?.stop();
    client?.close();
    await bus?.stop();
  });

  test("/Soc is sum(SoC_i x C_i) / sum(C_i) of the batteries' /Soc and /InstalledCapacity, not their mean", async () => {
    const read = async (service: string, path: string) => (await getValue(client, service, path)).value as number;
    const packs = await Promise.all(bank.services.map(async (service) => ({ soc: await read(service, '/Soc'), capacity: await read(service, '/InstalledCapacity') })));
    assert.deepEqual(packs.map((p) => p.capacity), [100, 200, 280]);
    const weighted = packs.reduce((sum, p) => sum + p.soc * p.capacity, 0) / 580;
    const mean = packs.reduce((sum, p) => sum + p.soc, 0) / 3;
    const published = await eventually(async () => {
      const soc = (await getValue(client, AGGREGATE, '/Soc').catch(() => undefined))?.value;
      return typeof soc === 'number' && Math.abs(soc - weighted) < 0.01 ? soc : undefined;
    }, 10_000, `/Soc ${weighted} (packs ${JSON.stringify(packs)})`);
    assert.ok(Math.abs(published - mean) > 0.05, `the packs' SoCs differ enough to tell the rules apart: weighted ${weighted}, mean ${mean}`);
  });
});
