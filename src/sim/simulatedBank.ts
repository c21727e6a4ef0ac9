import { createLogger } from '../log/logger';
import { createBank, stepBank, type BankState } from './bankModel';
import { withRunawayCell } from './batteryModel';
import { visitReadings } from './batteryReadings';
import { publishBattery, unpublishBattery, type BatteryIdentity, type PublishedBattery } from './batteryService';
import { publishShunt, visitShuntReadings } from './shuntService';

/**
 * The simulated bank on a D-Bus: one battery service per battery (batteryService.ts). Every interval the
 * model steps and every path is updated; each service sends only what changed, in one ItemsChanged.
 */
export interface SimulatedBankOptions {
  readonly address: string;
  readonly count: number;
  /** Ah of every battery, or a list repeated over the batteries (100,200,280). */
  readonly capacityAh: number | readonly number[];
  readonly intervalMs?: number;
  /** Simulated seconds per real second. */
  readonly timeScale?: number;
  readonly seed?: number;
  /** Cells per pack (16: 48 V), and packs by index with another count, apart from the bank's bus (`BankOptions`). */
  readonly cells?: number;
  readonly cellsOf?: ReadonlyMap<number, number>;
  /** One cell of pack `index` held at `voltage` from the start. */
  readonly runaway?: { readonly index: number; readonly voltage: number };
  /** `--shunt`: also a SmartShunt on the bank's main cable (`com.victronenergy.battery.shunt`), reading the packs' summed current. */
  readonly shunt?: boolean;
  /** Bus names to publish under, by index; default `com.victronenergy.battery.sim<N>`, N from 1. */
  readonly names?: readonly string[];
  /** Called when the bus drops a battery's connection (the bus went away). */
  readonly onConnectionLost?: (service: string, reason: string) => void;
}

export interface SimulatedBank {
  /** Every battery's bus name by index, online or not. */
  readonly services: readonly string[];
  /** The model as of the last tick. */
  readonly state: BankState;
  isOnline(index: number): boolean;
  /** Takes a battery off the bus; its model keeps running, like a pack whose BMS link is lost. */
  dropBattery(index: number): Promise<void>;
  /** Publishes a dropped battery again, with its present readings. */
  restoreBattery(index: number): Promise<void>;
  /** Drops an online battery or restores a dropped one; resolves to whether it is online. Never rejects. */
  toggleBattery(index: number): Promise<boolean>;
  /** Holds one cell of a battery at `voltage` from the next tick on (`null`: back to its curve), for tests and the demo. */
  setRunawayCell(index: number, voltage: number | null): void;
  /** Caps a battery's own CCL at `amps` from the next tick on (`null`: its curve again): a scripted CCL step, for tests. */
  setChargeLimitCap(index: number, amps: number | null): void;
  /** Stops the timer and takes every battery off the bus. */
  stop(): Promise<void>;
}

interface Slot extends BatteryIdentity {
  published: PublishedBattery | null;
  /** Drops and restores of one battery run one after the other. */
  queue: Promise<void>;
}

export const SIM_PREFIX = 'com.victronenergy.battery.sim';

const log = createLogger('sim');

function capacityList(options: SimulatedBankOptions): number[] {
  const list = typeof options.capacityAh === 'number' ? [options.capacityAh] : options.capacityAh;
  if (list.length === 0) throw new Error('capacityAh: expected at least one capacity');
  return Array.from({ length: options.count }, (_, i) => list[i % list.length]!);
}

export async function startSimulatedBank(options: SimulatedBankOptions): Promise<SimulatedBank> {
  const { address, intervalMs = 1000, onConnectionLost } = options;
  if (!Number.isInteger(options.count) || options.count < 1) throw new Error(`count: expected a whole number of at least 1, got ${options.count}`);
  let bank = createBank(capacityList(options), {
    timeScale: options.timeScale ?? 1,
    seed: options.seed ?? 1,
    ...(options.cells !== undefined && { cells: options.cells }),
    ...(options.cellsOf !== undefined && { cellsOf: options.cellsOf }),
    ...(options.runaway !== undefined && { runaway: options.runaway }),
  });
  const slots: Slot[] = bank.batteries.map((_, i) => ({
    name: options.names?.[i] ?? `${SIM_PREFIX}${i + 1}`,
    number: i + 1,
    published: null,
    queue: Promise.resolve(),
  }));

  const started = await Promise.allSettled(slots.map((slot, i) => publishBattery(slot, bank.batteries[i]!, address, onConnectionLost)));
  started.forEach((result, i) => {
    if (result.status === 'fulfilled') slots[i]!.published = result.value;
  });
  let failure = started.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  let shunt: PublishedBattery | null = null;
  if (!failure && options.shunt) {
    try {
      shunt = await publishShunt(bank, address, onConnectionLost);
    } catch (err) {
      failure = { status: 'rejected', reason: err };
    }
  }
  if (failure) {
    await Promise.all(slots.map((slot) => (slot.published ? unpublishBattery(slot.published) : undefined)));
    throw failure.reason;
  }

  const timer = setInterval(() => {
    bank = stepBank(bank, intervalMs / 1000);
    for (let i = 0; i < slots.length; i++) {
      const published = slots[i]!.published;
      if (published) visitReadings(bank.batteries[i]!, published.update);
    }
    if (shunt) visitShuntReadings(bank, shunt.update);
  }, intervalMs);

  let stopping: Promise<void> | null = null;
  const slotAt = (index: number): Slot => {
    const slot = slots[index];
    if (!slot) throw new RangeError(`no simulated battery ${index}: there are ${slots.length} (0-${slots.length - 1})`);
    return slot;
  };
  // Runs after the slot's earlier operations; once the bank is stopping, nothing new starts.
  const enqueue = (slot: Slot, operation: () => Promise<void>): Promise<void> => {
    const next = slot.queue.then(() => (stopping ? undefined : operation()));
    slot.queue = next.catch(() => undefined);
    return next;
  };
  const drop = async (slot: Slot): Promise<void> => {
    const published = slot.published;
    if (!published) return;
    slot.published = null;
    await unpublishBattery(published);
    log.info('%s offline', slot.name);
  };
  const restore = async (slot: Slot, index: number): Promise<void> => {
    if (!slot.published) slot.published = await publishBattery(slot, bank.batteries[index]!, address, onConnectionLost);
  };

  return {
    services: slots.map((slot) => slot.name),
    get state() {
      return bank;
    },
    isOnline: (index) => slotAt(index).published !== null,
    setRunawayCell: (index, voltage) => {
      slotAt(index);
      bank = { ...bank, batteries: bank.batteries.map((battery, i) => (i === index ? withRunawayCell(battery, voltage) : battery)) };
    },
    setChargeLimitCap: (index, amps) => {
      slotAt(index);
      bank = { ...bank, batteries: bank.batteries.map((battery, i) => (i === index ? { ...battery, chargeLimitCap: amps } : battery)) };
    },
    dropBattery: async (index) => {
      const slot = slotAt(index);
      await enqueue(slot, () => drop(slot));
    },
    restoreBattery: async (index) => {
      const slot = slotAt(index);
      await enqueue(slot, () => restore(slot, index));
    },
    // Fired from a key press in the demo, so it logs instead of rejecting; decides when its turn comes.
    async toggleBattery(index) {
      const slot = slots[index];
      if (!slot) return false;
      try {
        await enqueue(slot, () => (slot.published ? drop(slot) : restore(slot, index)));
      } catch (err) {
        log.error('%s: %s', slot.name, err instanceof Error ? err.message : String(err));
      }
      return slot.published !== null;
    },
    stop: () =>
      (stopping ??= (async () => {
        clearInterval(timer);
        await Promise.all(slots.map((slot) => slot.queue));
        await Promise.all(
          slots.map(async (slot) => {
            const published = slot.published;
            slot.published = null;
            if (published) await unpublishBattery(published);
          }),
        );
        if (shunt) await unpublishBattery(shunt);
        shunt = null;
      })()),
  };
}
