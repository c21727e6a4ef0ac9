import { Variant } from 'dbus-next';
import { MessageType, type BusConnection, type Message } from './busConnection';
import { BUS_ITEM } from './busItemSignal';
import { decodeVariant, isRejection, type BusValue } from './busValue';

/** The client side of `com.victronenergy.settings` (localsettings), as velib's settingsdevice uses it. */
export const SETTINGS_SERVICE = 'com.victronenergy.settings';

/** Settings calls are quick; a settings service that hangs must not hold up the start for long. */
const SETTINGS_CALL_TIMEOUT_MS = 5000;

export interface SettingResult {
  readonly path: string;
  /** 0 ok, negative: localsettings' AddSetting codes. */
  readonly error: number;
  /** The current value (the stored one when the setting existed). */
  readonly value: BusValue;
}

/** `battery:1025` -> class `battery`, instance 1025; undefined when malformed. */
export function parseClassAndInstance(value: unknown): { deviceClass: string; instance: number } | undefined {
  if (typeof value !== 'string') return undefined;
  const match = /^([A-Za-z0-9_-]+):(\d+)$/.exec(value);
  return match ? { deviceClass: match[1]!, instance: Number(match[2]) } : undefined;
}

/** The unique name of the settings service, or undefined when it is not on the bus. */
export async function settingsOwner(connection: BusConnection): Promise<string | undefined> {
  try {
    return (await connection.callBus('GetNameOwner', 's', [SETTINGS_SERVICE])).body[0] as string;
  } catch {
    return undefined;
  }
}

/** AddSettings on `/`: creates what is missing, keeps what exists, answers every current value in one round trip. */
export async function addSettings(connection: BusConnection, defaults: Record<string, Variant>): Promise<SettingResult[]> {
  const body = [Object.entries(defaults).map(([path, value]) => ({ path: new Variant('s', path), default: value }))];
  const reply = await connection.call({ destination: SETTINGS_SERVICE, path: '/', interface: 'com.victronenergy.Settings', member: 'AddSettings', signature: 'aa{sv}', body }, SETTINGS_CALL_TIMEOUT_MS);
  if (reply.signature !== 'aa{sv}') throw new Error(`AddSettings answered ${reply.signature}`);
  return (reply.body[0] as Array<Record<string, Variant>>).map((entry) => {
    const value = entry.value === undefined ? null : decodeVariant(entry.value);
    return {
      path: String(entry.path?.value ?? ''),
      error: typeof entry.error?.value === 'number' ? entry.error.value : -1,
      value: isRejection(value) ? null : value,
    };
  });
}

/** SetValue on a setting: 0 ok, -1 refused (type or bounds). */
export async function setSetting(connection: BusConnection, path: string, value: Variant): Promise<number> {
  const reply = await connection.call({ destination: SETTINGS_SERVICE, path, interface: BUS_ITEM, member: 'SetValue', signature: 'v', body: [value] }, SETTINGS_CALL_TIMEOUT_MS);
  return reply.body[0] as number;
}

export interface SettingsWatch {
  /** The settings service appeared (its unique name) or left (`undefined`). */
  readonly onOwner: (owner: string | undefined) => void;
  /** A setting under the watched group changed. */
  readonly onValue: (path: string, value: BusValue) => void;
}

/**
 * Follows the settings of one group (e.g. `/Settings/Devices/BatteryAggregator`) and the settings service's
 * comings and goings. Subscribes before the caller reads, so no change falls between read and watch.
 * Answers whether the settings service is on the bus now, and the stop function.
 */
export async function watchSettings(connection: BusConnection, group: string, watch: SettingsWatch): Promise<{ present: boolean; stop(): void }> {
  const ownerRule = `type='signal',sender='org.freedesktop.DBus',interface='org.freedesktop.DBus',member='NameOwnerChanged',arg0='${SETTINGS_SERVICE}'`;
  const changeRule = `type='signal',sender='${SETTINGS_SERVICE}',interface='${BUS_ITEM}',member='PropertiesChanged',path_namespace='${group}'`;
  let owner: string | undefined;
  const offOwner = connection.onMessage((msg: Message) => {
    if (msg.type === MessageType.SIGNAL && msg.member === 'NameOwnerChanged' && msg.sender === 'org.freedesktop.DBus' && msg.body[0] === SETTINGS_SERVICE) {
      owner = (msg.body[2] as string) || undefined;
      watch.onOwner(owner);
    }
  });
  const offChanges = connection.onBusItemSignal((signal) => {
    if (signal.member !== 'PropertiesChanged' || signal.sender !== owner || !signal.path.startsWith(`${group}/`)) return;
    for (const { path, value } of signal.changes ?? []) watch.onValue(path, isRejection(value) ? null : value);
  });
  await connection.addMatch(ownerRule);
  await connection.addMatch(changeRule);
  owner = await settingsOwner(connection);
  return {
    present: owner !== undefined,
    stop() {
      offOwner();
      offChanges();
      if (!connection.isOpen) return;
      connection.removeMatch(ownerRule).catch(() => undefined);
      connection.removeMatch(changeRule).catch(() => undefined);
    },
  };
}
