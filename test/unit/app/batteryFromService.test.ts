import assert from 'node:assert/strict';
import { test } from 'node:test';
import { firstValueFrom, toArray } from 'rxjs';
import { RemoteServiceState } from '../../../src/bus/remoteService';
import { batteryFromService } from '../../../src/app/batteryFromService';

const NAME = 'com.victronenergy.battery.ttyS1';

test('a battery whose service has left still gives each path\'s last value to a new subscriber, then completes', async () => {
  const state = new RemoteServiceState(NAME, ':1.5', new Map([['/Soc', 80], ['/Dc/0/Current', -10]]));
  const battery = batteryFromService(state, () => assert.fail('no wrong kind here'));
  state.set('/Soc', 79);
  state.leave();
  assert.deepEqual(await firstValueFrom(battery.value$('/Soc').pipe(toArray())), [79]);
  assert.deepEqual(await firstValueFrom(battery.value$('/Dc/0/Current').pipe(toArray())), [-10]);
  assert.deepEqual(await firstValueFrom(battery.value$('/Info/MaxChargeCurrent').pipe(toArray())), [null]);
});

test('a battery on the bus gives the current value, then every change', () => {
  const state = new RemoteServiceState(NAME, ':1.5', new Map([['/Soc', 80]]));
  const seen: unknown[] = [];
  const subscription = batteryFromService(state, () => undefined).value$('/Soc').subscribe((v) => seen.push(v));
  state.set('/Soc', 81);
  subscription.unsubscribe();
  assert.deepEqual(seen, [80, 81]);
});
