import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { Variant } from 'dbus-next';
import { BusConnection, MessageClass, MessageType, type Message } from '../bus/busConnection';
import { decodeVariant, isRejection } from '../bus/busValue';
import { BUS_ITEM } from '../bus/busItemSignal';
import { introspectionXml } from '../bus/introspection';
import { childNodes, relativePath } from '../bus/objectTree';
import { createLogger } from '../log/logger';
import { AddResult, SetResult, SettingsStore, type Setting, type SettingDefinition, type SettingType, type SettingValue } from './settingsStore';

export const SETTINGS_SERVICE = 'com.victronenergy.settings';
const SETTINGS_INTERFACE = 'com.victronenergy.Settings';
const INTROSPECTABLE = 'org.freedesktop.DBus.Introspectable';

/**
 * A small but real `com.victronenergy.settings` for tests and the demo: localsettings' management methods
 * (AddSetting, AddSilentSetting, AddSettings, RemoveSettings on `/` and group nodes), every setting a
 * BusItem (GetValue, GetText, SetValue, GetDefault, GetMin, GetMax), GetItems on `/`, and a change sent as
 * PropertiesChanged on the setting plus ItemsChanged on `/`. Optionally persisted to a JSON file, so a
 * restart of the service (or of its clients) keeps what was stored.
 */
export interface RunningSettingsService {
  readonly store: SettingsStore;
  stop(): Promise<void>;
}

export interface SettingsServiceOptions {
  readonly address: string;
  /** JSON file to load at start and write on every change. */
  readonly file?: string;
}

const log = createLogger('settings');

export async function startSettingsService(options: SettingsServiceOptions): Promise<RunningSettingsService> {
  const store = new SettingsStore(options.file ? load(options.file) : {});
  const connection = await BusConnection.connect(options.address);
  const save = () => {
    if (!options.file) return;
    writeFileSync(`${options.file}.new`, `${JSON.stringify(store.toJSON(), null, 1)}\n`);
    renameSync(`${options.file}.new`, options.file);
  };
  const removeHandler = connection.addMethodHandler((msg) => {
    if (msg.type !== MessageType.METHOD_CALL) return false;
    try {
      return handle(msg);
    } catch (err) {
      // Bad arguments from a client: answered as an error, never a crash of the service.
      // dbus-next's typings say newError takes a string; its code takes the call being answered.
      connection.send(MessageClass.newError(msg as unknown as string, 'org.freedesktop.DBus.Error.InvalidArgs', (err as Error).message));
      return true;
    }
  });

  const reply = (msg: Message, signature: string, body: unknown[]) => {
    if (!(msg.flags & 0x1) && connection.isOpen) connection.send(MessageClass.newMethodReturn(msg, signature, body));
  };

  const signalChange = (path: string, setting: Setting | undefined) => {
    const entry = setting ? { Value: wireValue(setting), Text: new Variant('s', String(setting.value)) } : { Value: new Variant('ai', []), Text: new Variant('s', '') };
    connection.send(MessageClass.newSignal(path, BUS_ITEM, 'PropertiesChanged', 'a{sv}', [entry]));
    connection.send(MessageClass.newSignal('/', BUS_ITEM, 'ItemsChanged', 'a{sa{sv}}', [{ [path]: entry }]));
  };

  const add = (definition: SettingDefinition): { code: number; value?: SettingValue } => {
    const result = store.add(definition);
    if (result.changed) {
      log.info('added setting %s = %j', definition.path, result.value);
      save();
      signalChange(definition.path, store.get(definition.path));
    }
    return result;
  };

  function handle(msg: Message): boolean {
    const path = msg.path;
    if (msg.interface === INTROSPECTABLE) {
      if (msg.member !== 'Introspect' || !(store.get(path) || store.isGroup(path))) return false;
      const paths = [...store.entries()].map(([p]) => p);
      reply(msg, 's', [introspectionXml(childNodes(paths, paths, path), store.get(path) !== undefined, path === '/')]);
      return true;
    }
    if (msg.interface && msg.interface !== BUS_ITEM && msg.interface !== SETTINGS_INTERFACE) return false;
    const setting = store.get(path);
    if (setting) return handleSetting(msg, path, setting);
    if (store.isGroup(path)) return handleGroup(msg, path);
    return false;
  }

  function handleSetting(msg: Message, path: string, setting: Setting): boolean {
    switch (msg.member) {
      case 'GetValue':
        reply(msg, 'v', [wireValue(setting)]);
        return true;
      case 'GetText':
        reply(msg, 's', [String(setting.value)]);
        return true;
      case 'GetDefault':
        reply(msg, 'v', [wire(setting.type, setting.default)]);
        return true;
      case 'GetMin':
        reply(msg, 'v', [setting.min === undefined ? new Variant('i', 0) : wire(setting.type, setting.min)]);
        return true;
      case 'GetMax':
        reply(msg, 'v', [setting.max === undefined ? new Variant('i', 0) : wire(setting.type, setting.max)]);
        return true;
      case 'GetSilent':
        reply(msg, 'i', [setting.silent ? 1 : 0]);
        return true;
      case 'SetValue': {
        const value = msg.signature === 'v' ? decodeVariant(msg.body[0]) : null;
        const result = value === null || isRejection(value) ? { code: SetResult.error, changed: false } : store.set(path, value);
        if (result.changed) {
          if (!setting.silent) log.info('setting %s changed to %j', path, setting.value);
          save();
          signalChange(path, setting);
        }
        reply(msg, 'i', [result.code]);
        return true;
      }
      default:
        return false;
    }
  }

  function handleGroup(msg: Message, group: string): boolean {
    switch (msg.member) {
      case 'AddSetting':
      case 'AddSilentSetting': {
        if (msg.signature !== 'ssvsvv') return false;
        const [groupName, name, defaultValue, type, min, max] = msg.body as [string, string, Variant, string, Variant, Variant];
        const path = joinPath(group, groupName, name);
        const definition = { path, type, default: plain(defaultValue), min: plain(min), max: plain(max), silent: msg.member === 'AddSilentSetting' };
        reply(msg, 'i', [add(definition).code]);
        return true;
      }
      case 'AddSettings': {
        if (msg.signature !== 'aa{sv}') return false;
        const results = (msg.body[0] as Array<Record<string, Variant>>).map((entry) => {
          const relative = plain(entry.path);
          const defaultValue = entry.default;
          if (typeof relative !== 'string' || !(defaultValue instanceof Variant)) return { error: new Variant('i', AddResult.invalidPath) };
          const path = group === '/' ? relative : joinPath(group, relative);
          const type = typeof plain(entry.type) === 'string' ? String(plain(entry.type)) : typeOfVariant(defaultValue);
          const result = add({ path, type, default: plain(defaultValue), min: plain(entry.min), max: plain(entry.max), silent: Boolean(plain(entry.silent)) });
          const stored = store.get(path);
          return {
            path: new Variant('s', path),
            error: new Variant('i', result.code),
            ...(result.code === AddResult.ok && stored ? { value: wireValue(stored) } : {}),
          };
        });
        reply(msg, 'aa{sv}', [results]);
        return true;
      }
      case 'RemoveSettings': {
        if (msg.signature !== 'as') return false;
        const codes = (msg.body[0] as string[]).map((relative) => {
          const path = group === '/' ? relative : joinPath(group, relative);
          if (!store.remove(path)) return -1;
          save();
          signalChange(path, undefined);
          return 0;
        });
        reply(msg, 'ai', [codes]);
        return true;
      }
      case 'GetValue': {
        const values: Record<string, Variant> = {};
        for (const [path, setting] of store.under(group)) values[relativePath(path, group)] = wireValue(setting);
        reply(msg, 'v', [new Variant('a{sv}', values)]);
        return true;
      }
      case 'GetText': {
        const texts: Record<string, string> = {};
        for (const [path, setting] of store.under(group)) texts[relativePath(path, group)] = String(setting.value);
        reply(msg, 'v', [new Variant('a{ss}', texts)]);
        return true;
      }
      case 'GetItems': {
        if (group !== '/') return false;
        const items: Record<string, Record<string, Variant>> = {};
        for (const [path, setting] of store.entries()) items[path] = { Value: wireValue(setting), Text: new Variant('s', String(setting.value)) };
        reply(msg, 'a{sa{sv}}', [items]);
        return true;
      }
      default:
        return false;
    }
  }

  if (!(await connection.requestName(SETTINGS_SERVICE))) {
    removeHandler();
    connection.close();
    throw new Error(`the bus name ${SETTINGS_SERVICE} is already taken`);
  }
  return {
    store,
    async stop() {
      removeHandler();
      if (connection.isOpen) await connection.releaseName(SETTINGS_SERVICE).catch(() => undefined);
      connection.close();
    },
  };
}

function load(file: string) {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return {}; // first start
  }
  const stored = SettingsStore.decode(JSON.parse(text));
  if (!stored) throw new Error(`${file} is not a settings file`);
  return stored;
}

function wire(type: SettingType, value: SettingValue): Variant {
  return new Variant(type === 'i' ? 'i' : type === 'f' ? 'd' : 's', value);
}

function wireValue(setting: Setting): Variant {
  return wire(setting.type, setting.value);
}

/** A variant's content as a plain value; undefined when absent or not a number or text. */
function plain(variant: Variant | undefined): SettingValue | undefined {
  if (variant === undefined) return undefined;
  const value = decodeVariant(variant);
  return value === null || isRejection(value) ? undefined : value;
}

/** AddSettings: the variant type of the default picks the setting type. */
function typeOfVariant(variant: Variant): string {
  if (variant.signature === 'd') return 'f';
  if (variant.signature === 's') return 's';
  return /^[ixnqutyb]$/.test(variant.signature) ? 'i' : '?';
}

function joinPath(...parts: string[]): string {
  return `/${parts.join('/').split('/').filter(Boolean).join('/')}`;
}
