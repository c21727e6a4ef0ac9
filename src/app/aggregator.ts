import { Subscription, asyncScheduler, filter, firstValueFrom, map, race, share, shareReplay, tap, timer, type Observable } from 'rxjs';
import { shareLatest } from '../rx/shareLatest';
import { shortName, type Bank } from '../battery/bank';
import { BusConnection } from '../bus/busConnection';
import type { BusItemService } from '../bus/busItemService';
import type { RemoteService } from '../bus/remoteService';
import { watchServices, type ServiceEvent } from '../bus/serviceWatcher';
import type { Config } from '../config/defaults';
import { createLogger, type Logger } from '../log/logger';
import { aggregatorPipeline } from '../pipeline/aggregatorPipeline';
import type { MixedVoltageNote } from '../pipeline/guards/mixedVoltage';
import { shuntWarnings } from '../pipeline/guards/doubleCountedShunt';
import { voltageReported } from '../pipeline/startup/voltageReported';
import { bankFromServices } from './bankFromServices';
import { batteryFromService } from './batteryFromService';
import { watchDvcc } from './dvccInputs';
import { logLimitChanges } from './limitLog';
import { ProblemLog } from './problemLog';
import { prepareService, type ServiceOnBus } from './publishedServices';

export const BATTERY_PREFIX = 'com.victronenergy.battery.';

export interface AggregatorOptions {
  readonly address: string;
  readonly config: Config;
  readonly log?: Logger;
}

export interface RunningAggregator {
  /** The aggregate's service. */
  readonly service: BusItemService;
  /** Every service published, the aggregate first, then the virtual batteries. */
  readonly services: readonly BusItemService[];
  readonly problems: ProblemLog;
  /** Every battery service on the bus now, as the watcher holds it (latest values, no round trip): for the status page. */
  readonly batteries: ReadonlyMap<string, RemoteService>;
  /** Resolves with a reason when a bus connection is lost; the daemon exits on it. */
  readonly lost: Promise<string>;
  /** Releases the bus names and closes the connections. */
  stop(): Promise<void>;
}

/**
 * Wires the bus to the pipelines: watches battery services, computes the aggregate and every virtual
 * battery and publishes each as its own service. Registers the names only once the batteries present at
 * start have been read and one of them reports a voltage (or `startupBatteryWait` has passed), so the
 * first client to scan them sees real values.
 */
export async function startAggregator(options: AggregatorOptions): Promise<RunningAggregator> {
  const { config } = options;
  const log = options.log ?? createLogger('aggregator');
  const problems = new ProblemLog(createLogger('input'));
  const ownName = config.serviceName;

  const clientConnection = await BusConnection.connect(options.address);
  let onLost: (reason: string) => void = () => undefined;
  const lost = new Promise<string>((resolve) => (onLost = resolve));
  clientConnection.once('lost', onLost);
  // off costs nothing: the counter's code is loaded only when ownSoc is configured
  const ownSocApp =
    config.ownSoc === null ? undefined : await (await import('./ownSocCounter.js')).startOwnSocCounter(clientConnection, config.ownSoc, { serviceName: ownName });
  const onBus: ServiceOnBus[] = [];
  const subscription = new Subscription();
  const stop = async () => {
    // first, while the connection is open: the own SoC's last state goes to the settings service
    await ownSocApp?.stop();
    subscription.unsubscribe();
    for (const { service, connection } of onBus) {
      await service.dispose();
      connection.close();
    }
    clientConnection.close();
  };

  const isBattery = (name: string) => name.startsWith(BATTERY_PREFIX) && name !== ownName;
  const present = new Map<string, RemoteService>();
  const events$ = watchServices(clientConnection, { select: isBattery, onProblem: (p) => problems.report(p) }).pipe(
    tap((event) => {
      logPresence(event, log);
      if (event.kind === 'added') present.set(event.service.name, event.service);
      else if (event.kind === 'removed' && present.get(event.service.name) === event.service) present.delete(event.service.name);
    }),
    share(),
  );
  const batteries$ = events$.pipe(
    bankFromServices((remote) => batteryFromService(remote, (s, path, value, kind) => problems.wrongKind(s, path, value, kind))),
    shareReplay({ bufferSize: 1, refCount: false }),
  );
  // Both subscribe before the watcher's first event: claiming identities below takes bus round trips,
  // and a battery that appeared meanwhile must not be missed by the shared event stream.
  subscription.add(batteries$.subscribe());
  const ready = firstValueFrom(events$.pipe(filter((event) => event.kind === 'ready')));
  const onNameResolved = nameLog(log);
  const dvcc$ = watchDvcc(clientConnection, (p) => problems.report(p)).pipe(shareLatest());
  // Every published limit change is logged with the inputs that produced it, so an owner can see why.
  const onNotice = (note: MixedVoltageNote) => (note.level === 'warn' ? log.warn('%s', note.text) : log.info('%s', note.text));
  const published = aggregatorPipeline({ batteries$, dvcc$, onNameResolved, onNotice, ownSoc: ownSocApp?.counter(ready) }, config).map((service) => ({
    ...service,
    outputs$: service.outputs$.pipe(logLimitChanges(createLogger(service.kind === 'aggregate' ? 'limits' : `limits:${shortName(service.name)}`))),
  }));
  const main = published[0]!;
  // a battery measuring the whole bank (a SmartShunt) is named once; with mode "off" nothing is subscribed
  if (config.doubleCountedShunt.mode === 'warn') subscription.add(shuntWarnings(main.bank$, config, asyncScheduler).subscribe((text) => log.warn('%s', text)));

  try {
    let virtualIndex = 0;
    for (const service of published) {
      const prepared = await prepareService(options.address, clientConnection, service, service.kind === 'virtual' ? virtualIndex++ : 0, subscription, log);
      prepared.connection.once('lost', onLost);
      onBus.push(prepared);
    }
    for (const service of published) subscription.add(logMembership(service.bank$, service.name, log));
    const lostWhileStarting = lost.then((reason) => Promise.reject(new Error(`lost the D-Bus connection while starting (${reason})`)));
    lostWhileStarting.catch(() => undefined);
    await Promise.race([ready.then(() => waitForVoltage(main.bank$, config.startupBatteryWait, log)), lostWhileStarting]);
    for (const { service } of onBus) {
      await service.register();
      log.info('registered %s on %s', service.name, options.address);
    }
  } catch (err) {
    await stop();
    throw err;
  }
  const services = onBus.map((s) => s.service);
  return { service: services[0]!, services, problems, batteries: present, lost, stop };
}

/** `startupBatteryWait`: waits until an aggregated battery reports a voltage, saying what it waits for. */
async function waitForVoltage(bank$: Observable<Bank>, seconds: number, log: Logger): Promise<void> {
  const reported$ = bank$.pipe(voltageReported(), filter(Boolean));
  if (seconds <= 0) return;
  const first = await firstValueFrom(race(reported$.pipe(map(() => 'reported' as const)), timer(0).pipe(map(() => 'waiting' as const))));
  if (first === 'reported') return;
  const members = [...(await firstValueFrom(bank$)).keys()];
  log.info(
    'waiting up to %d s for an aggregated battery to report /Dc/0/Voltage before registering (%s)',
    seconds,
    members.length === 0 ? 'no battery aggregated yet' : `none of ${members.join(', ')} reports one yet`,
  );
  const outcome = await firstValueFrom(race(reported$.pipe(map(() => 'reported' as const)), timer(seconds * 1000).pipe(map(() => 'timeout' as const))));
  if (outcome === 'timeout') log.warn('no aggregated battery reported /Dc/0/Voltage within %d s; registering anyway', seconds);
  else log.info('a battery reports /Dc/0/Voltage; registering');
}

function logPresence(event: ServiceEvent, log: Logger): void {
  if (event.kind === 'added') log.info('battery %s appeared', event.service.name);
  else if (event.kind === 'removed') log.info('battery %s vanished', event.service.name);
}

/** Logs each battery joining and leaving a service (the aggregate, a virtual battery): what the config made of the bus. */
function logMembership(bank$: Observable<Bank>, serviceName: string, log: Logger): Subscription {
  let members = new Set<string>();
  return bank$.subscribe((bank) => {
    for (const id of bank.keys()) if (!members.has(id)) log.info('%s aggregates %s', serviceName, id);
    for (const id of members) if (!bank.has(id)) log.info('%s no longer aggregates %s', serviceName, id);
    members = new Set(bank.keys());
  });
}

/** Logs a `name:` reference once when it cannot be resolved (it waits), and when it resolves. */
function nameLog(log: Logger): (ref: string, service: string | null) => void {
  return (ref, service) => {
    if (service === null) log.warn('%s: no battery has this /CustomName (yet); waiting for one', ref);
    else log.info('%s is %s', ref, service);
  };
}
