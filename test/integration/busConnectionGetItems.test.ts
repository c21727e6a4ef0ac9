import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startPrivateBus, type PrivateBus } from '../../src/devtools/privateBus';
import { BusConnection, CallTimeoutError } from '../../src/bus/busConnection';
import { BusItemService } from '../../src/bus/busItemService';

const FIRST = 'com.victronenergy.battery.first';
const SECOND = 'com.victronenergy.battery.second';
const SILENT = 'com.victronenergy.battery.silent';

describe('GetItems through the wire reader', () => {
  let bus: PrivateBus;
  let client: BusConnection;
  const services: BusItemService[] = [];
  const connections: BusConnection[] = [];

  async function publish(name: string, values: Record<string, number | string | null>): Promise<BusItemService> {
    const connection = await BusConnection.connect(bus.address);
    connections.push(connection);
    const service = new BusItemService(connection, name);
    for (const [path, value] of Object.entries(values)) service.define(path, { type: typeof value === 'string' ? 's' : 'd', value });
    await service.register();
    services.push(service);
    return service;
  }

  before(async () => {
    bus = await startPrivateBus();
    client = await BusConnection.connect(bus.address);
    await publish(FIRST, { '/Soc': 81.5, '/Dc/0/Voltage': 53.2, '/CustomName': 'Front', '/Info/MaxChargeCurrent': null });
    await publish(SECOND, { '/Soc': 40 });
    const silent = await BusConnection.connect(bus.address);
    connections.push(silent);
    silent.addMethodHandler(() => true); // takes every call and never answers
    assert.equal(await silent.requestName(SILENT), true);
  });

  after(async () => {
    for (const service of services) await service.dispose();
    for (const connection of connections) connection.close();
    client.close();
    await bus.stop();
  });

  test('answers every path with its value, invalid ones as null, calls in flight kept apart', async () => {
    const [first, second] = await Promise.all([client.getItems(FIRST), client.getItems(SECOND)]);
    assert.deepEqual(new Map(first.map((item) => [item.path, item.value])), new Map<string, unknown>([
      ['/Soc', 81.5], ['/Dc/0/Voltage', 53.2], ['/CustomName', 'Front'], ['/Info/MaxChargeCurrent', null],
    ]));
    assert.deepEqual(second, [{ path: '/Soc', value: 40 }]);
  });

  test('signals heard while a reply is awaited still reach their listeners', async () => {
    const heard: string[] = [];
    const stop = client.onBusItemSignal((signal) => heard.push(...(signal.changes ?? []).map((c) => `${c.path}=${String(c.value)}`)));
    await client.addMatch("type='signal',interface='com.victronenergy.BusItem'");
    services[1]!.update('/Soc', 41);
    const items = await client.getItems(SECOND);
    await new Promise((resolve) => setTimeout(resolve, 50));
    stop();
    assert.deepEqual(items, [{ path: '/Soc', value: 41 }]);
    assert.ok(heard.includes('/Soc=41'), `heard ${heard.join(', ')}`);
  });

  test('a name nobody owns: the error the bus answers', async () => {
    await assert.rejects(client.getItems('com.victronenergy.battery.nobody'), /GetItems on com\.victronenergy\.battery\.nobody: org\.freedesktop\.DBus\.Error\.ServiceUnknown/);
  });

  test('a service that never answers times out, and a closed connection fails what it still awaits', async () => {
    await assert.rejects(client.getItems(SILENT, 200), CallTimeoutError);
    const other = await BusConnection.connect(bus.address);
    const pending = other.getItems(SILENT, 10_000);
    other.close();
    await assert.rejects(pending, /the bus connection is closed/);
    await assert.rejects(other.getItems(FIRST), /closed/);
  });
});
