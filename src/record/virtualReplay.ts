import { BehaviorSubject, Subject, distinctUntilChanged, shareReplay, type SchedulerLike } from 'rxjs';
import { RemoteServiceState } from '../bus/remoteService';
import type { ServiceEvent } from '../bus/serviceWatcher';
import { BATTERY_PREFIX } from '../app/aggregator';
import { bankFromServices } from '../app/bankFromServices';
import { batteryFromService } from '../app/batteryFromService';
import { DVCC_OFF, type DvccState } from '../battery/dvcc';
import type { PipelineInputs } from '../pipeline/aggregatorPipeline';
import { isAppeared, isVanished, type PathValues, type Recording, type StreamEvent } from './format';
import { DVCC_PATH, MAX_CHARGE_CURRENT_PATH, MAX_CHARGE_VOLTAGE_PATH, SETTINGS, SYSTEM } from './modelServices';

/**
 * A recording as the pipeline's inputs on a scheduler (a TestScheduler: virtual time): every recorded
 * service becomes a remote service as the bus watcher would give it, and the app's own operators
 * (`bankFromServices`, `batteryFromService`) turn them into the bank. Each event is applied at its `t`.
 * The inputs are hot: the header's services are there at once, events follow whether or not anyone listens.
 */
export function replayInputs(recording: Recording, scheduler: SchedulerLike): PipelineInputs {
  const services = new Map<string, RemoteServiceState>();
  const events$ = new Subject<ServiceEvent>();
  const batteries$ = events$.pipe(
    bankFromServices((remote) => batteryFromService(remote, () => undefined)),
    shareReplay({ bufferSize: 1, refCount: false }),
  );
  batteries$.subscribe();
  const dvcc = new BehaviorSubject<DvccState>(DVCC_OFF);
  const updateDvcc = () => dvcc.next(dvccOf(services.get(SYSTEM), services.get(SETTINGS)));

  let owners = 0;
  const appear = (name: string, values: PathValues) => {
    const state = new RemoteServiceState(name, `:replay.${++owners}`, new Map(Object.entries(values)));
    services.set(name, state);
    if (name.startsWith(BATTERY_PREFIX)) events$.next({ kind: 'added', service: state });
  };
  const apply = (event: StreamEvent) => {
    if (isAppeared(event)) {
      appear(event.service, event.appeared);
    } else if (isVanished(event)) {
      const state = services.get(event.service);
      services.delete(event.service);
      if (state && event.service.startsWith(BATTERY_PREFIX)) events$.next({ kind: 'removed', service: state });
      state?.leave();
    } else {
      services.get(event.service)?.set(event.path, event.value);
    }
    if (event.service === SYSTEM || event.service === SETTINGS) updateDvcc();
  };

  for (const [name, values] of Object.entries(recording.header.services)) appear(name, values);
  updateDvcc();
  events$.next({ kind: 'ready' });
  for (const batch of batchesByTime(recording.events)) {
    scheduler.schedule(() => batch.forEach(apply), batch[0]!.t);
  }
  return { batteries$, dvcc$: dvcc.pipe(distinctUntilChanged(sameDvcc)) };
}

/** Events grouped by their time, in order: one scheduled action per instant. */
function batchesByTime(events: readonly StreamEvent[]): StreamEvent[][] {
  const batches: StreamEvent[][] = [];
  for (const event of events) {
    const last = batches[batches.length - 1];
    if (last && last[0]!.t === event.t) last.push(event);
    else batches.push([event]);
  }
  return batches;
}

/** DVCC as a GX states it: on when `/Control/Dvcc` is 1; a negative current or a 0 V limit means none. */
function dvccOf(system: RemoteServiceState | undefined, settings: RemoteServiceState | undefined): DvccState {
  const current = settings?.value(MAX_CHARGE_CURRENT_PATH);
  const voltage = settings?.value(MAX_CHARGE_VOLTAGE_PATH);
  return {
    enabled: system?.value(DVCC_PATH) === 1,
    maxChargeCurrent: typeof current === 'number' && current >= 0 ? current : null,
    maxChargeVoltage: typeof voltage === 'number' && voltage > 0 ? voltage : null,
  };
}

function sameDvcc(a: DvccState, b: DvccState): boolean {
  return a.enabled === b.enabled && a.maxChargeCurrent === b.maxChargeCurrent && a.maxChargeVoltage === b.maxChargeVoltage;
}
