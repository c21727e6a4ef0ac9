import assert from 'node:assert/strict';
import { startPrivateBus, type PrivateBus } from '../../../src/devtools/privateBus';
import { BusConnection } from '../../../src/bus/busConnection';
import { startAggregator, type RunningAggregator } from '../../../src/app/aggregator';
import { withDefaults, type Config } from '../../../src/config/defaults';
import type { ConfigFile } from '../../../src/config/codec';
import { setLogWriter } from '../../../src/log/logger';
import { eventually, getItems, getValue, listNames, type WireValue } from '../../helpers/busClient';

/** The aggregate under test, and a second one started fresh to compare against. */
export const AGGREGATE = 'com.victronenergy.battery.aggregator';
export const FRESH = 'com.victronenergy.battery.fresh';

/** A private bus with the aggregator running in this process, a client, and the log lines it wrote. */
export interface FaultBus {
  /** Config keys the aggregator (and the fresh one it is compared with) runs with. */
  readonly options: ConfigFile;
  readonly bus: PrivateBus;
  readonly client: BusConnection;
  readonly aggregator: RunningAggregator;
  readonly logs: string[];
  stop(): Promise<void>;
}

/**
 * Each aggregator excludes the other, so the fresh one never joins the bank it is compared with. Both
 * register at once (`startupBatteryWait` 0): some fault batteries report no voltage, and these tests are
 * about faults, not the start-up wait.
 */
function configFor(serviceName: string, other: string, options: ConfigFile = {}): Config {
  return withDefaults({ ...options, serviceName, excludedServices: [other], startupBatteryWait: 0 } as unknown as ConfigFile);
}

/** Starts the bus, then `before` (batteries present at start), then the aggregator. */
export async function startFaultBus(before?: (address: string) => Promise<void>, options: ConfigFile = {}): Promise<FaultBus> {
  const logs: string[] = [];
  const restoreLog = setLogWriter((line) => logs.push(line));
  const bus = await startPrivateBus();
  const client = await BusConnection.connect(bus.address);
  await before?.(bus.address);
  const aggregator = await startAggregator({ address: bus.address, config: configFor(AGGREGATE, FRESH, options) });
  return {
    options,
    bus,
    client,
    aggregator,
    logs,
    async stop() {
      await aggregator.stop();
      client.close();
      await bus.stop();
      setLogWriter(restoreLog);
    },
  };
}

/** Every path of a service as a client reads it with GetItems. */
export async function snapshot(client: BusConnection, service: string): Promise<Map<string, WireValue>> {
  const items = await getItems(client, service);
  return new Map([...items].map(([path, { signature, value }]) => [path, { signature, value }]));
}

/**
 * What must hold after a fault: the aggregate equals what an aggregator started now, on the same
 * batteries, publishes. Alarm paths a vanished battery once published may remain (a published path is never
 * withdrawn), but only as "no alarm".
 */
export async function assertSameAsFreshStart(faults: FaultBus): Promise<void> {
  const fresh = await startAggregator({ address: faults.bus.address, config: configFor(FRESH, AGGREGATE, faults.options) });
  try {
    const expected = await snapshot(faults.client, FRESH);
    const actual = await snapshot(faults.client, AGGREGATE);
    for (const [path, value] of expected) assert.deepEqual(actual.get(path), value, `${path} after the fault`);
    for (const [path, value] of actual) {
      if (expected.has(path)) continue;
      assert.ok(path.startsWith('/Alarms/'), `${path} is published only after the fault`);
      assert.deepEqual(value, { signature: 'i', value: 0 }, `${path} left by a vanished battery`);
    }
  } finally {
    await fresh.stop();
  }
}

/** Waits until a path of the aggregate reads `expected`. */
export async function waitForAggregate(client: BusConnection, path: string, expected: unknown, timeoutMs = 10_000): Promise<void> {
  await eventually(
    async () => ((await getValue(client, AGGREGATE, path)).value === expected ? true : undefined),
    timeoutMs,
    `${path} = ${String(expected)}`,
  );
}

/** The service is still up: it owns its name and answers a call. */
export async function assertServiceUp(client: BusConnection): Promise<void> {
  assert.ok((await listNames(client)).includes(AGGREGATE), 'the aggregator still owns its name');
  assert.equal((await getValue(client, AGGREGATE, '/Connected')).value, 1);
}

export const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
