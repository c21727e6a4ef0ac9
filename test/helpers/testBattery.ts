import { BusConnection } from '../../src/bus/busConnection';
import { BusItemService } from '../../src/bus/busItemService';
import { itemDefinition } from '../../src/app/itemDefinition';
import type { Value } from '../../src/battery/value';
import type { WireType } from '../../src/bus/busValue';

/** A real battery service on the bus with values a test chooses: a driver in miniature, not a mock. */
export interface TestBattery {
  readonly name: string;
  readonly service: BusItemService;
  set(values: Record<string, Value>): void;
  /** Sends a value with a wire type of the test's choosing, e.g. a text where a number belongs. */
  setWire(path: string, type: WireType, value: Value): void;
  stop(): Promise<void>;
}

export async function publishBattery(address: string, name: string, values: Record<string, Value>): Promise<TestBattery> {
  const connection = await BusConnection.connect(address);
  const service = new BusItemService(connection, name);
  const all: Record<string, Value> = { '/DeviceInstance': 1, '/ProductName': 'Test battery', '/Connected': 1, ...values };
  for (const [path, value] of Object.entries(all)) service.define(path, itemDefinition(path, value));
  await service.register();
  return {
    name,
    service,
    set(changes) {
      for (const [path, value] of Object.entries(changes)) {
        if (service.has(path)) service.update(path, value);
        else service.define(path, itemDefinition(path, value));
      }
    },
    setWire(path, type, value) {
      service.define(path, { type, value });
    },
    async stop() {
      await service.dispose();
      connection.close();
    },
  };
}
