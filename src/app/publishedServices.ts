import { Subscription } from 'rxjs';
import { shortName } from '../battery/bank';
import { BusConnection } from '../bus/busConnection';
import { BusItemService } from '../bus/busItemService';
import { DEFAULT_CONFIG } from '../config/defaults';
import type { Logger } from '../log/logger';
import type { PublishedService } from '../pipeline/aggregatorPipeline';
import { claimIdentity } from './identity';
import { defineManagementPaths } from './managementPaths';
import { publishOutputs } from './publishOutputs';

const AGGREGATE_INSTANCE = 1024;
/** Virtual batteries take instances after the aggregator's, as the original's. */
const FIRST_VIRTUAL_INSTANCE = 1024 + 32;

/** One service we publish, on its own connection (clients tell services apart by the sender). */
export interface ServiceOnBus {
  readonly service: BusItemService;
  readonly connection: BusConnection;
}

/**
 * Connects, claims the identity of and starts feeding one published service; registering its name is
 * left to the caller, once the first values are in.
 */
export async function prepareService(
  address: string,
  settingsConnection: BusConnection,
  published: PublishedService,
  virtualIndex: number,
  subscription: Subscription,
  log: Logger,
): Promise<ServiceOnBus> {
  const connection = await BusConnection.connect(address);
  try {
    const identity = await claimIdentity(settingsConnection, identityRequest(published, virtualIndex));
    const service = new BusItemService(connection, published.name);
    const productName = published.kind === 'virtual' ? 'Virtual Battery' : 'Battery Aggregator';
    subscription.add(defineManagementPaths(service, { productName, identity }, log));
    subscription.add(() => identity.close());
    subscription.add(publishOutputs(service, published.outputs$));
    return { service, connection };
  } catch (err) {
    connection.close();
    throw err;
  }
}

/** A settings key per service, so every aggregator and virtual battery keeps its own device instance. */
function identityRequest(published: PublishedService, virtualIndex: number) {
  const key = shortName(published.name).replace(/[^A-Za-z0-9_]/g, '_');
  if (published.kind === 'virtual') return { uniqueId: `BatteryAggregator_virtual_${key}`, preferredInstance: FIRST_VIRTUAL_INSTANCE + virtualIndex };
  const uniqueId = published.name === DEFAULT_CONFIG.serviceName ? 'BatteryAggregator' : `BatteryAggregator_${key}`;
  return { uniqueId, preferredInstance: AGGREGATE_INSTANCE };
}
