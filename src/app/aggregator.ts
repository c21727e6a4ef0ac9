import { Subscription, filter, firstValueFrom, share, shareReplay, tap } from 'rxjs';
import { BusConnection } from '../bus/busConnection';
import { BusItemService } from '../bus/busItemService';
import { watchServices, type ServiceEvent } from '../bus/serviceWatcher';
import type { Config } from '../config/defaults';
import { createLogger, type Logger } from '../log/logger';
import { aggregatorPipeline } from '../pipeline/aggregatorPipeline';
import { bankFromServices } from './bankFromServices';
import { batteryFromService } from './batteryFromService';
import { defineManagementPaths } from './managementPaths';
import { watchDvcc } from './dvccInputs';
import { claimIdentity } from './identity';
import { logLimitChanges } from './limitLog';
import { ProblemLog } from './problemLog';
import { publishOutputs } from './publishOutputs';

export const BATTERY_PREFIX = 'com.victronenergy.battery.';
const DEFAULT_DEVICE_INSTANCE = 1024;

export interface AggregatorOptions {
  readonly address: string;
  readonly config: Config;
  readonly log?: Logger;
}

export interface RunningAggregator {
  readonly service: BusItemService;
  readonly problems: ProblemLog;
  /** Resolves with a reason when a bus connection is lost; the daemon exits on it. */
  readonly lost: Promise<string>;
  /** Releases the bus name and closes the connections. */
  stop(): Promise<void>;
}

/**
 * Wires the bus to the pipelines: watches battery services, folds them into the aggregate and
 * publishes it. Registers the bus name only after the batteries present at start have been read, so the
 * first client to scan it sees real values.
 */
export async function startAggregator(options: AggregatorOptions): Promise<RunningAggregator> {
  const { config } = options;
  const log = options.log ?? createLogger('aggregator');
  const problems = new ProblemLog(createLogger('input'));
  const ownName = config.serviceName;
  const excluded = new Set<string>(config.excludedServices);

  const clientConnection = await BusConnection.connect(options.address);
  const serviceConnection = await BusConnection.connect(options.address).catch((err: unknown) => {
    clientConnection.close();
    throw err;
  });
  const lost = new Promise<string>((resolve) => {
    clientConnection.once('lost', resolve);
    serviceConnection.once('lost', resolve);
  });

  const identity = await claimIdentity(clientConnection, { uniqueId: 'BatteryAggregator', preferredInstance: DEFAULT_DEVICE_INSTANCE });
  const service = new BusItemService(serviceConnection, ownName);
  defineManagementPaths(service, { productName: 'Battery Aggregator', identity }, log);

  const isBattery = (name: string) => name.startsWith(BATTERY_PREFIX) && name !== ownName;
  const events$ = watchServices(clientConnection, { select: isBattery, onProblem: (p) => problems.report(p) }).pipe(
    tap((event) => logMembership(event, excluded, log)),
    share(),
  );
  const ready = firstValueFrom(events$.pipe(filter((event) => event.kind === 'ready')));
  const batteries$ = events$.pipe(
    bankFromServices((remote) => batteryFromService(remote, (s, path, value, kind) => problems.wrongKind(s, path, value, kind))),
    shareReplay({ bufferSize: 1, refCount: false }),
  );
  const dvcc$ = watchDvcc(clientConnection, (p) => problems.report(p)).pipe(shareReplay({ bufferSize: 1, refCount: true }));
  const [main] = aggregatorPipeline({ batteries$, dvcc$ }, config);
  const subscription = new Subscription();
  subscription.add(publishOutputs(service, main!.outputs$.pipe(logLimitChanges(createLogger('limits')))));

  const stop = async () => {
    subscription.unsubscribe();
    await service.dispose();
    clientConnection.close();
    serviceConnection.close();
  };

  try {
    await ready;
    await service.register();
  } catch (err) {
    await stop();
    throw err;
  }
  log.info('registered %s on %s', ownName, options.address);
  return { service, problems, lost, stop };
}

function logMembership(event: ServiceEvent, excluded: ReadonlySet<string>, log: Logger): void {
  if (event.kind === 'ready') return;
  const name = event.service.name;
  const note = excluded.has(name) ? ' (excluded)' : '';
  if (event.kind === 'added') log.info('battery %s appeared%s', name, note);
  else log.info('battery %s vanished%s', name, note);
}
