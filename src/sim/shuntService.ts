import { BusConnection } from '../bus/busConnection';
import { BusItemService } from '../bus/busItemService';
import { itemDefinition } from '../app/itemDefinition';
import type { Value } from '../battery/value';
import { VERSION } from '../version';
import { bankSoc, type BankState } from './bankModel';
import type { ReadingVisitor } from './batteryReadings';
import type { PublishedBattery } from './batteryService';
import { summarizeCells } from './cells';

/** `--shunt`: the bus name of the simulated shunt on the bank's main cable. */
export const SHUNT_SERVICE = 'com.victronenergy.battery.shunt';

function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor + 0;
}

/**
 * What a SmartShunt on the bank's main cable reads: the sum of the packs' currents as they publish them, the bank's
 * voltage (the mean of the packs on the bank's bus), its SoC. No limits, no cells: a shunt has no BMS. Aggregated as
 * one more battery, it counts the bank's current twice (`doubleCountedShunt`).
 */
export function visitShuntReadings(bank: BankState, visit: ReadingVisitor): void {
  let current = 0;
  let voltage = 0;
  let packs = 0;
  for (const battery of bank.batteries) {
    if (battery.params.cells !== bank.cells) continue;
    current += round(battery.currentA, 1);
    voltage += summarizeCells(battery).packVoltage;
    packs++;
  }
  const v = packs === 0 ? 0 : round(voltage / packs, 2);
  const i = round(current, 1);
  visit('/Dc/0/Voltage', v);
  visit('/Dc/0/Current', i);
  visit('/Dc/0/Power', round(v * i, 0));
  visit('/Soc', round(bankSoc(bank) * 100, 1));
  visit('/ConsumedAmphours', round((bankSoc(bank) - 1) * bank.installedAh, 1));
}

const IDENTITY: Record<string, Value> = {
  '/Mgmt/ProcessName': 'battery-aggregator simulate',
  '/Mgmt/ProcessVersion': VERSION,
  '/Mgmt/Connection': 'Simulated',
  '/DeviceInstance': 279,
  '/ProductId': 0xa389, // a SmartShunt 500A/50mV's
  '/ProductName': 'SmartShunt',
  '/FirmwareVersion': VERSION,
  '/Connected': 1,
  '/Serial': 'SIMSHUNT',
};

/** Publishes the shunt on a connection of its own, like a VE.Direct driver. */
export async function publishShunt(bank: BankState, address: string, onLost?: (service: string, reason: string) => void): Promise<PublishedBattery> {
  const connection = await BusConnection.connect(address);
  try {
    const service = new BusItemService(connection, SHUNT_SERVICE);
    for (const [path, value] of Object.entries(IDENTITY)) service.define(path, itemDefinition(path, value));
    visitShuntReadings(bank, (path, value) => service.define(path, itemDefinition(path, value)));
    await service.register();
    connection.on('lost', (reason: string) => onLost?.(SHUNT_SERVICE, reason));
    return { connection, service, update: (path, value) => service.update(path, value) };
  } catch (err) {
    connection.close();
    throw err;
  }
}
