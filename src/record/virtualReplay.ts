import { BehaviorSubject, Subject, distinctUntilChanged, shareReplay, type SchedulerLike } from 'rxjs';
import { RemoteServiceState } from '../bus/remoteService';
import type { ServiceEvent } from '../bus/serviceWatcher';
import { bankFromServices } from '../app/bankFromServices';
import { batteryFromService } from '../app/batteryFromService';
import { DVCC_OFF, dvccState, sameDvccState, type DvccState } from '../battery/dvcc';
import type { PipelineInputs } from '../pipeline/aggregatorPipeline';
import { batchesByTime, isAppeared, isVanished, type PathValues, type Recording, type StreamEvent } from './format';
import { BATTERY_PREFIX } from '../app/aggregator';
import { DVCC_PATH, MAX_CHARGE_CURRENT_SETTING, MAX_CHARGE_VOLTAGE_SETTING, SETTINGS_SERVICE, SYSTEM_SERVICE } from './recordedServices';

/**
 * A recording as the pipeline's inputs on a scheduler (a TestScheduler: virtual time): every recorded
 * service becomes a remote service as the bus watcher would give it, and the app's own operators
 * (`bankFromServices`, `batteryFromService`) turn them into the bank. Each event is applied at its `t`,
 * and the pipeline's own timers (reconnectTimeout) run on the same scheduler. The inputs are hot: the
 * header's services are there at once, events follow whether or not anyone listens.
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
  const value = (service: string, path: string) => services.get(service)?.value(path) ?? null;
  const updateDvcc = () =>
    dvcc.next(
      dvccState(
        value(SYSTEM_SERVICE, DVCC_PATH),
        value(SETTINGS_SERVICE, MAX_CHARGE_CURRENT_SETTING),
        value(SETTINGS_SERVICE, MAX_CHARGE_VOLTAGE_SETTING),
      ),
    );

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
    if (event.service === SYSTEM_SERVICE || event.service === SETTINGS_SERVICE) updateDvcc();
  };

  for (const [name, values] of Object.entries(recording.header.services)) appear(name, values);
  updateDvcc();
  events$.next({ kind: 'ready' });
  for (const batch of batchesByTime(recording.events)) {
    scheduler.schedule(() => batch.forEach(apply), batch[0]!.t);
  }
  return { batteries$, dvcc$: dvcc.pipe(distinctUntilChanged(sameDvccState)), scheduler };
}
