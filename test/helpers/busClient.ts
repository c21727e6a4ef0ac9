import { Variant } from 'dbus-next';
import { BusConnection, MessageType, type Message } from '../../src/bus/busConnection';

export const BUS_ITEM = 'com.victronenergy.BusItem';

/** A value as a client reads it off the wire: its variant signature and content. */
export interface WireValue {
  readonly signature: string;
  readonly value: unknown;
}

function wire(variant: unknown): WireValue {
  if (!(variant instanceof Variant)) throw new Error(`expected a variant, got ${String(variant)}`);
  return { signature: variant.signature, value: variant.value };
}

/** GetItems on a service's root, as systemcalc does on discovery. */
export async function getItems(connection: BusConnection, service: string): Promise<Map<string, WireValue & { text: string }>> {
  const reply = await connection.call({ destination: service, path: '/', interface: BUS_ITEM, member: 'GetItems' }, 5000);
  if (reply.signature !== 'a{sa{sv}}') throw new Error(`GetItems answered ${reply.signature}`);
  const items = reply.body[0] as Record<string, { Value: Variant; Text: Variant }>;
  return new Map(Object.entries(items).map(([path, entry]) => [path, { ...wire(entry.Value), text: String(entry.Text.value) }]));
}

export async function getValue(connection: BusConnection, service: string, path: string): Promise<WireValue> {
  const reply = await connection.call({ destination: service, path, interface: BUS_ITEM, member: 'GetValue' }, 5000);
  return wire(reply.body[0]);
}

export async function setValue(connection: BusConnection, service: string, path: string, variant: Variant): Promise<number> {
  const reply = await connection.call({ destination: service, path, interface: BUS_ITEM, member: 'SetValue', signature: 'v', body: [variant] }, 5000);
  return reply.body[0] as number;
}

/** Collects every ItemsChanged a service sends, from the moment this is called. */
export async function recordItemsChanged(connection: BusConnection, service: string): Promise<{ batches: Array<{ at: number; items: Map<string, WireValue> }>; stop(): void }> {
  const owner = (await connection.callBus('GetNameOwner', 's', [service])).body[0] as string;
  const rule = `type='signal',sender='${service}',interface='${BUS_ITEM}',member='ItemsChanged',path='/'`;
  await connection.addMatch(rule);
  const batches: Array<{ at: number; items: Map<string, WireValue> }> = [];
  const off = connection.onMessage((msg: Message) => {
    if (msg.type !== MessageType.SIGNAL || msg.member !== 'ItemsChanged' || msg.sender !== owner) return;
    const items = msg.body[0] as Record<string, { Value: Variant }>;
    batches.push({ at: performance.now(), items: new Map(Object.entries(items).map(([p, e]) => [p, wire(e.Value)])) });
  });
  return { batches, stop: off };
}

export async function listNames(connection: BusConnection): Promise<string[]> {
  return (await connection.callBus('ListNames')).body[0] as string[];
}

/** Polls until `check` returns a value other than undefined, or fails after `timeoutMs`. */
export async function eventually<T>(check: () => T | undefined | Promise<T | undefined>, timeoutMs = 3000, what = 'condition'): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const result = await check();
      if (result !== undefined) return result;
    } catch (err) {
      last = err;
    }
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
