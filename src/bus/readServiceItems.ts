import { Variant } from 'dbus-next';
import { CallTimeoutError, type BusConnection } from './busConnection';
import { decodeVariant } from './busValue';
import { BUS_ITEM, isDict, type ItemValue } from './busItemSignal';

/**
 * Every item of a service, as velib's AsyncDbusMonitor reads one: GetItems on `/`; when that fails in any way but
 * silence (older services lack it, a driver's getter may raise, a reply may be malformed), GetValue on `/`, whose
 * dict has relative keys. A service that did not answer in time would not answer a second call either: a timeout
 * is thrown as it is.
 */
export async function readServiceItems(connection: BusConnection, owner: string, timeoutMs: number): Promise<readonly ItemValue[]> {
  try {
    return await connection.getItems(owner, timeoutMs);
  } catch (err) {
    if (err instanceof CallTimeoutError) throw err;
    return itemsOfGetValue(connection, owner, timeoutMs);
  }
}

async function itemsOfGetValue(connection: BusConnection, owner: string, timeoutMs: number): Promise<ItemValue[]> {
  const reply = await connection.call({ destination: owner, path: '/', interface: BUS_ITEM, member: 'GetValue' }, timeoutMs);
  const dict = reply.signature === 'v' && reply.body[0] instanceof Variant ? (reply.body[0] as Variant).value : undefined;
  if (!isDict(dict)) throw new Error('its items are not a dict');
  return Object.keys(dict).map((key) => ({ path: `/${key}`, value: decodeVariant(dict[key]) }));
}
