import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startPrivateBus, type PrivateBus } from '../../src/devtools/privateBus';
import { BusConnection } from '../../src/bus/busConnection';
import { BusItemService } from '../../src/bus/busItemService';
import { eventually, getValue, recordItemsChanged, type WireValue } from '../helpers/busClient';

const NAME = 'com.victronenergy.battery.announcer';

/** What one ItemsChanged said, as `path: signature value` lines in the order sent. */
const said = (items: Map<string, WireValue>) => [...items].map(([path, v]) => `${path}: ${v.signature} ${JSON.stringify(v.value)}`);

/** The next ItemsChanged after `seen` signals, once the service's tick has flushed. */
async function nextSignal(recording: { batches: Array<{ items: Map<string, WireValue> }> }, seen: number): Promise<string[]> {
  const batch = await eventually(() => recording.batches[seen], 3000, `ItemsChanged #${seen + 1}`);
  return said(batch.items);
}

describe('BusItemService announces each tick of changes in one ItemsChanged', () => {
  let bus: PrivateBus;
  let connection: BusConnection;
  let client: BusConnection;
  let service: BusItemService;

  before(async () => {
    bus = await startPrivateBus();
    connection = await BusConnection.connect(bus.address);
    client = await BusConnection.connect(bus.address);
    service = new BusItemService(connection, NAME);
    for (const path of ['/A', '/B', '/C', '/D']) service.define(path, { type: 'd', value: 0 });
    await service.register();
  });

  after(async () => {
    await service.dispose();
    connection.close();
    client.close();
    await bus.stop();
  });

  test('changed paths in the order they first changed, only what differs from what clients heard, tick after tick', async () => {
    const recording = await recordItemsChanged(client, NAME);
    service.update('/C', 3);
    service.update('/A', 1);
    service.update('/B', 2);
    service.update('/B', 0); // back to what clients heard: nothing to say
    service.update('/C', 4);
    assert.deepEqual(await nextSignal(recording, 0), ['/C: d 4', '/A: d 1']);

    // The next tick says only its own changes, even though the last one had more.
    service.update('/D', 5);
    assert.deepEqual(await nextSignal(recording, 1), ['/D: d 5']);

    for (let tick = 0; tick < 3; tick++) {
      service.update('/A', 10 + tick);
      service.update('/B', 20 + tick);
      assert.deepEqual(await nextSignal(recording, 2 + tick), [`/A: d ${10 + tick}`, `/B: d ${20 + tick}`]);
    }
    recording.stop();
  });

  test('a path redefined after it changed is announced as its new definition, once', async () => {
    const recording = await recordItemsChanged(client, NAME);
    service.update('/D', 6);
    service.define('/D', { type: 'i', value: 7 });
    service.update('/A', 1);
    assert.deepEqual(await nextSignal(recording, 0), ['/D: i 7', '/A: d 1']);
    recording.stop();
  });

  test('a removed path is announced invalid once, and never after', async () => {
    const recording = await recordItemsChanged(client, NAME);
    service.update('/C', 8);
    service.remove('/C');
    assert.deepEqual(await nextSignal(recording, 0), ['/C: ai []']);
    service.update('/B', 9);
    assert.deepEqual(await nextSignal(recording, 1), ['/B: d 9']);
    assert.equal(service.has('/C'), false);
    assert.deepEqual(await getValue(client, NAME, '/B'), { signature: 'd', value: 9 });
    recording.stop();
  });
});
