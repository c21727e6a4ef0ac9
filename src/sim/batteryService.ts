import { BusConnection } from '../bus/busConnection';
import { BusItemService } from '../bus/busItemService';
import { itemDefinition } from '../app/itemDefinition';
import { createLogger } from '../log/logger';
import { VERSION } from '../version';
import type { Value } from '../battery/value';
import type { BatteryState } from './batteryState';
import { visitReadings } from './batteryReadings';

/** One simulated battery as a Victron battery service, on a connection of its own (clients tell services apart by sender). */
export interface PublishedBattery {
  readonly connection: BusConnection;
  readonly service: BusItemService;
  /** Bound once, so the per-tick path updates allocate nothing. */
  readonly update: (path: string, value: Value) => void;
}

export interface BatteryIdentity {
  readonly name: string;
  /** From 1: gives the device instance, custom name and serial. */
  readonly number: number;
}

const log = createLogger('sim');
const PRODUCT_ID = 0xba77; // serialbattery's: clients treat these batteries like its own

function mandatoryPaths({ number }: BatteryIdentity): Record<string, Value> {
  return {
    '/Mgmt/ProcessName': 'battery-aggregator simulate',
    '/Mgmt/ProcessVersion': VERSION,
    '/Mgmt/Connection': 'Simulated',
    '/DeviceInstance': 100 + number,
    '/ProductId': PRODUCT_ID,
    '/ProductName': 'Simulated LiFePO4 Battery',
    '/FirmwareVersion': VERSION,
    '/HardwareVersion': 'sim',
    '/Connected': 1,
    '/Serial': `SIM${String(number).padStart(4, '0')}`,
  };
}

/** Connects, defines every path with its present value, and only then takes the name: clients scan at once. */
export async function publishBattery(
  identity: BatteryIdentity,
  battery: BatteryState,
  address: string,
  onLost?: (service: string, reason: string) => void,
): Promise<PublishedBattery> {
  const connection = await BusConnection.connect(address);
  try {
    const service = new BusItemService(connection, identity.name);
    for (const [path, value] of Object.entries(mandatoryPaths(identity))) service.define(path, itemDefinition(path, value));
    // Writable as on a real battery: a GX user may rename it.
    service.define('/CustomName', itemDefinition('/CustomName', `Sim Battery ${identity.number}`, (value) => typeof value === 'string'));
    visitReadings(battery, (path, value) => service.define(path, itemDefinition(path, value)));
    await service.register();
    connection.on('lost', (reason: string) => onLost?.(identity.name, reason));
    const { capacityAh, resistanceOhm } = battery.params;
    log.info('%s online: %d Ah, %s mOhm, SoC %s%%', identity.name, capacityAh, (resistanceOhm * 1000).toFixed(1), (battery.soc * 100).toFixed(1));
    return { connection, service, update: (path, value) => service.update(path, value) };
  } catch (err) {
    connection.close();
    throw err;
  }
}

/** Releases the name and closes the connection: to clients the battery has vanished. */
export async function unpublishBattery(published: PublishedBattery): Promise<void> {
  await published.service.dispose();
  published.connection.close();
}
