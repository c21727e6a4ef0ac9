import { Subject, type Observable } from 'rxjs';
import { Variant } from 'dbus-next';
import type { BusConnection } from '../bus/busConnection';
import type { BusValue } from '../bus/busValue';
import { addSettings, parseClassAndInstance, setSetting, SETTINGS_SERVICE, watchSettings } from '../bus/localSettings';
import { createLogger, type Logger } from '../log/logger';

/** How a published service is known to the GX: its device instance and the owner's name for it. */
export interface ServiceIdentity {
  readonly deviceInstance: number;
  readonly customName: string;
  /** Keeps a name the owner set over D-Bus (`/CustomName`), so it survives restarts. */
  saveCustomName(name: string): void;
  /** Emits after the device instance or the name changed in the settings (the GX GUI, a settings restore). */
  readonly changes$: Observable<void>;
  /** Stops following the settings; the connection stays open. */
  close(): void;
}

export interface IdentityRequest {
  /** Key of the service's settings, e.g. `BatteryAggregator`: one per published service. */
  readonly uniqueId: string;
  /** The instance asked for, and the one used when there is no settings service. */
  readonly preferredInstance: number;
  /** The device class of ClassAndVrmInstance; `battery` by default. */
  readonly deviceClass?: string;
  readonly log?: Logger;
}

/**
 * Claims a device instance through `com.victronenergy.settings` as Victron's drivers do:
 * `/Settings/Devices/<uniqueId>/ClassAndVrmInstance` (default `battery:<preferred>`; localsettings hands out
 * the next free instance when another device holds that one, and keeps a claimed one across restarts),
 * and keeps `/CustomName` in `/Settings/Devices/<uniqueId>/CustomName`. Follows both settings afterwards.
 *
 * Without a settings service (a development bus, or localsettings restarting) the service still starts:
 * on the preferred instance, with the name in memory and a warning; when the settings service appears
 * later, the claim is made then and a name set meanwhile is saved.
 */
export async function claimIdentity(connection: BusConnection, request: IdentityRequest): Promise<ServiceIdentity> {
  const log = request.log ?? createLogger('identity');
  const deviceClass = request.deviceClass ?? 'battery';
  const group = `/Settings/Devices/${request.uniqueId.replace(/[^A-Za-z0-9_]/g, '_')}`;
  const instancePath = `${group}/ClassAndVrmInstance`;
  const namePath = `${group}/CustomName`;

  let deviceInstance = request.preferredInstance;
  let customName = '';
  let settingsPresent = false;
  /** A name set here that the settings do not hold yet: saved when they can take it, and not overwritten by them meanwhile. */
  let unsavedName = false;
  const changes = new Subject<void>();

  const apply = (path: string, value: BusValue): boolean => {
    if (path === instancePath) {
      const claimed = parseClassAndInstance(value);
      const instance = claimed?.deviceClass === deviceClass ? claimed.instance : undefined;
      if (instance === undefined) {
        log.warn('%s holds %j, not %s:<number>; keeping device instance %d', instancePath, value, deviceClass, deviceInstance);
        return false;
      }
      if (instance === deviceInstance) return false;
      deviceInstance = instance;
      return true;
    }
    if (path === namePath && typeof value === 'string' && value !== customName) {
      customName = value;
      return true;
    }
    return false;
  };

  const claim = async (): Promise<boolean> => {
    const results = await addSettings(connection, {
      [instancePath]: new Variant('s', `${deviceClass}:${request.preferredInstance}`),
      [namePath]: new Variant('s', ''),
    });
    let changed = false;
    for (const result of results) {
      if (result.error !== 0) log.warn('settings refused %s (code %d)', result.path, result.error);
      else if (!(result.path === namePath && unsavedName)) changed = apply(result.path, result.value) || changed;
    }
    if (unsavedName) save(customName);
    log.info('%s: device instance %d%s', request.uniqueId, deviceInstance, customName ? `, custom name ${JSON.stringify(customName)}` : '');
    return changed;
  };

  const save = (name: string) => {
    setSetting(connection, namePath, new Variant('s', name)).then(
      (code) => {
        if (name === customName) unsavedName = false;
        if (code !== 0) log.warn('settings refused custom name %j (code %d)', name, code);
      },
      (err: unknown) => log.warn('could not save custom name %j: %s', name, (err as Error).message),
    );
  };

  const fallBack = (why: string) =>
    log.warn('%s; using device instance %d and keeping the custom name in memory only', why, deviceInstance);

  const watch = await watchSettings(connection, group, {
    onOwner: (owner) => {
      settingsPresent = owner !== undefined;
      if (!settingsPresent) return fallBack(`${SETTINGS_SERVICE} left the bus`);
      log.info('%s appeared; claiming the device instance', SETTINGS_SERVICE);
      claim().then(
        (changed) => changed && changes.next(),
        (err: unknown) => fallBack(`claiming through ${SETTINGS_SERVICE} failed: ${(err as Error).message}`),
      );
    },
    onValue: (path, value) => {
      // Until our own name is saved, the settings' older one (e.g. the default, as the claim creates it) must not win.
      if (path === namePath && unsavedName) return;
      if (!apply(path, value)) return;
      log.info('%s changed in the settings to %j', path, value);
      changes.next();
    },
  });
  settingsPresent = watch.present;
  if (!settingsPresent) fallBack(`${SETTINGS_SERVICE} is not on the bus`);
  else {
    try {
      await claim();
    } catch (err) {
      fallBack(`claiming through ${SETTINGS_SERVICE} failed: ${(err as Error).message}`);
    }
  }

  return {
    get deviceInstance() {
      return deviceInstance;
    },
    get customName() {
      return customName;
    },
    saveCustomName(name) {
      customName = name;
      unsavedName = true;
      if (settingsPresent) save(name);
    },
    changes$: changes.asObservable(),
    close() {
      watch.stop();
      changes.complete();
    },
  };
}
