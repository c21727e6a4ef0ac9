import type { BusConnection } from '../bus/busConnection';

/** How a published service is known to the GX: its device instance and the owner's name for it. */
export interface ServiceIdentity {
  readonly deviceInstance: number;
  readonly customName: string;
  /** Keeps a name the owner set over D-Bus (`/CustomName`), so it survives restarts. */
  saveCustomName(name: string): void;
}

export interface IdentityRequest {
  /** Key of the service's settings, e.g. `BatteryAggregator`. */
  readonly uniqueId: string;
  readonly preferredInstance: number;
}

/**
 * Claims a device instance and reads the custom name. Until the settings-service issue lands, this is the
 * preferred instance and a name kept in memory.
 */
export async function claimIdentity(_connection: BusConnection, request: IdentityRequest): Promise<ServiceIdentity> {
  let customName = '';
  return {
    deviceInstance: request.preferredInstance,
    get customName() {
      return customName;
    },
    saveCustomName(name) {
      customName = name;
    },
  };
}
