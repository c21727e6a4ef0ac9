import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Observable, type Subscription } from 'rxjs';
import { BusConnection } from '../../../src/bus/busConnection';
import { BusItemService } from '../../../src/bus/busItemService';
import { itemDefinition } from '../../../src/app/itemDefinition';
import { publishBattery, type TestBattery } from '../../helpers/testBattery';
import { settledHeapMb } from './heap';
import { assertSameAsFreshStart, assertServiceUp, delay, startFaultBus, waitForAggregate, type FaultBus } from './faultBus';

const A = 'com.victronenergy.battery.ttyA';
const CHURN = 'com.victronenergy.battery.churn';
const CYCLES = 10_000;
/** The test stops earlier on a slow machine, and says how far it got. */
const TIME_BUDGET_MS = 40_000;
const WARM_UP = 200;

/** Live rxjs subscriptions made after this is called, in this process: the code's own bookkeeping, counted. */
function countSubscriptions(): { readonly live: number; restore(): void } {
  const original = Observable.prototype.subscribe;
  let live = 0;
  Observable.prototype.subscribe = function (this: Observable<unknown>, ...args: unknown[]): Subscription {
    const subscription = (original as (...a: unknown[]) => Subscription).apply(this, args);
    live++;
    subscription.add(() => live--);
    return subscription;
  } as typeof original;
  return {
    get live() {
      return live;
    },
    restore: () => void (Observable.prototype.subscribe = original),
  };
}

/** Match rules the dbus-daemon holds for all connections (Debug.Stats). */
async function matchRules(client: BusConnection): Promise<number> {
  const reply = await client.call({ destination: 'org.freedesktop.DBus', path: '/org/freedesktop/DBus', interface: 'org.freedesktop.DBus.Debug.Stats', member: 'GetAllMatchRules' });
  return Object.values(reply.body[0] as Record<string, string[]>).reduce((sum, rules) => sum + rules.length, 0);
}

/** What the process holds open: timers of calls awaiting an answer among them (Node 17.3+, untyped in @types/node 18). */
const activeResources = () => (process as unknown as { getActiveResourcesInfo(): string[] }).getActiveResourcesInfo().length;

/**
 * A battery service name acquired and released on one connection, as fast as possible. Afterwards heap,
 * match rules, subscriptions and pending timers are back where they started; the figures are printed.
 */
describe('a battery joining and leaving 10,000 times', () => {
  let faults: FaultBus;
  let a: TestBattery;
  let connection: BusConnection;
  let churning: BusItemService;
  let subscriptions: ReturnType<typeof countSubscriptions>;

  before(async () => {
    faults = await startFaultBus(async (address) => {
      a = await publishBattery(address, A, { '/Soc': 60, '/Dc/0/Current': -10 });
    });
    connection = await BusConnection.connect(faults.bus.address);
    churning = new BusItemService(connection, CHURN);
    for (const [path, value] of Object.entries({ '/DeviceInstance': 9, '/Soc': 20, '/Dc/0/Current': -30, '/Alarms/LowSoc': 1 })) {
      churning.define(path, itemDefinition(path, value));
    }
  });

  after(async () => {
    await churning?.dispose();
    connection?.close();
    await a?.stop();
    await faults?.stop();
  });

  /** Runs join/leave cycles; returns how many, and leaves the battery off the bus. */
  async function cycles(count: number, budgetMs: number): Promise<number> {
    const started = performance.now();
    let done = 0;
    while (done < count && performance.now() - started < budgetMs) {
      assert.ok(await connection.requestName(CHURN));
      await connection.releaseName(CHURN);
      done++;
    }
    return done;
  }

  /** Every figure, with the battery gone and the aggregate settled. */
  async function figures(): Promise<{ heapMb: number; rules: number; subscriptions: number; resources: number }> {
    await waitForAggregate(faults.client, '/System/NrOfBatteries', 1, 10_000);
    await delay(300); // answers to scans of an owner that already left come back and are dropped
    faults.logs.length = 0; // the test's copy of the log is no part of the service
    return { heapMb: settledHeapMb(), rules: await matchRules(faults.client), subscriptions: subscriptions.live, resources: activeResources() };
  }

  test('heap, match rules, subscriptions and timers return to their start values', async () => {
    subscriptions = countSubscriptions();
    try {
      // Joins once for real first, so first-time allocations are not counted as growth.
      assert.ok(await connection.requestName(CHURN));
      await waitForAggregate(faults.client, '/System/NrOfBatteries', 2);
      assert.ok(subscriptions.live > 0, 'the count sees the pipeline subscribe to the battery');
      await connection.releaseName(CHURN);
      await cycles(WARM_UP, TIME_BUDGET_MS);
      const start = await figures();
      const started = performance.now();
      const done = await cycles(CYCLES, TIME_BUDGET_MS);
      const seconds = (performance.now() - started) / 1000;
      const end = await figures();
      console.log(
        `churn: ${done} join/leave cycles in ${seconds.toFixed(1)} s${done < CYCLES ? ` (time budget reached before ${CYCLES})` : ''}; ` +
          `heap ${start.heapMb.toFixed(1)} -> ${end.heapMb.toFixed(1)} MB, match rules ${start.rules} -> ${end.rules}, ` +
          `rxjs subscriptions ${start.subscriptions} -> ${end.subscriptions}, active resources ${start.resources} -> ${end.resources}`,
      );
      assert.ok(done >= 500, `only ${done} cycles`);
      assert.equal(end.rules, start.rules, 'match rules');
      assert.equal(end.subscriptions, start.subscriptions, 'live subscriptions');
      assert.equal(end.resources, start.resources, 'active handles and timers');
      assert.ok(end.heapMb - start.heapMb < 5, `heap grew by ${(end.heapMb - start.heapMb).toFixed(1)} MB`);
    } finally {
      subscriptions.restore();
    }
    await assertServiceUp(faults.client);
    await assertSameAsFreshStart(faults);
    // And it still joins for real.
    assert.ok(await connection.requestName(CHURN));
    await waitForAggregate(faults.client, '/Soc', 40);
    await connection.releaseName(CHURN);
    await waitForAggregate(faults.client, '/Soc', 60);
  });
});
