import type { Subscription } from 'rxjs';
import type { BusItemService } from '../bus/busItemService';
import { getLogLevel, isLogLevel, setLogLevel, type Logger } from '../log/logger';
import { VERSION } from '../version';
import type { ServiceIdentity } from './identity';

export interface ManagementInfo {
  readonly productName: string;
  readonly identity: ServiceIdentity;
}

const MAX_CUSTOM_NAME = 64;

/**
 * The paths every Victron service publishes (vedbus `add_mandatory_paths`), plus `/LogLevel` and
 * `/CustomName`, the only writable ones. `/DeviceInstance` and `/CustomName` follow the identity's settings;
 * the returned subscription ends that.
 */
export function defineManagementPaths(service: BusItemService, { productName, identity }: ManagementInfo, log: Logger): Subscription {
  const constants: ReadonlyArray<[string, 'i' | 's', number | string]> = [
    ['/Mgmt/ProcessName', 's', 'battery-aggregator'],
    ['/Mgmt/ProcessVersion', 's', VERSION],
    ['/Mgmt/Connection', 's', 'dbus'],
    ['/DeviceInstance', 'i', identity.deviceInstance],
    ['/ProductName', 's', productName],
    ['/FirmwareVersion', 's', VERSION],
    ['/HardwareVersion', 'i', 0],
    ['/Connected', 'i', 1],
  ];
  for (const [path, type, value] of constants) service.define(path, { type, value });
  service.define('/ProductId', { type: 'i', value: 0, format: (v) => `0x${Number(v).toString(16).toUpperCase()}` });
  service.define('/CustomName', {
    type: 's',
    value: identity.customName,
    onSet: (value) => {
      if (typeof value !== 'string' || value.length > MAX_CUSTOM_NAME) return false;
      identity.saveCustomName(value);
      log.info('custom name set to %j', value);
      return true;
    },
  });
  service.define('/LogLevel', {
    type: 's',
    value: getLogLevel(),
    onSet: (value) => {
      if (!isLogLevel(value)) return false;
      setLogLevel(value);
      log.info('log level set to %s', value);
      return true;
    },
  });
  return identity.changes$.subscribe(() => {
    service.update('/DeviceInstance', identity.deviceInstance);
    service.update('/CustomName', identity.customName);
  });
}
