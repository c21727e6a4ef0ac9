import { test } from 'node:test';
import { map } from 'rxjs';
import { testScheduler } from './support/marbleBank';
import { countOwnSoc, type OwnSocSample } from '../src/pipeline/ownSoc/ownSocCounter';
import { OWN_SOC_DEFAULTS, type OwnSoc } from '../src/config/defaults';

const OPTIONS: OwnSoc = { ...OWN_SOC_DEFAULTS, chargeEfficiency: 1 as OwnSoc['chargeEfficiency'] };
/** A marble's frames are 1 ms each ('a 30m b' is 30 min + 1 ms apart): compare to 1e-6. */
const rounded = (o: { soc: number; consumedAmphours: number }) => ({ soc: Math.round(o.soc * 1e4) / 1e4, consumedAmphours: Math.round(o.consumedAmphours * 1e4) / 1e4 });
const sample = (over: Partial<OwnSocSample>): OwnSocSample => ({
  current: 0,
  voltage: 52,
  chargeVoltage: 55.2,
  allFloat: false,
  capacity: 100,
  batterySoc: 50,
  ...over,
});

test('own SoC starts from the batteries\' SoC and counts a discharge over virtual time', () => {
  const scheduler = testScheduler();
  scheduler.run(({ cold, expectObservable }) => {
    // -10 A for 30 min from 50 % of 100 Ah: 5 Ah out -> 45 %; then at rest it holds, whatever the BMSes say
    const sample$ = cold('a 30m b 9m c', { a: sample({ current: -10 }), b: sample({ current: 0, batterySoc: 60 }), c: sample({ batterySoc: 70 }) });
    expectObservable(countOwnSoc(sample$, OPTIONS, scheduler).pipe(map(rounded))).toBe('a 30m b 9m c', {
      a: { soc: 50, consumedAmphours: -50 },
      b: { soc: 45, consumedAmphours: -55 },
      c: { soc: 45, consumedAmphours: -55 },
    });
  });
});

test('charge counts times the charge efficiency, and the counter never passes 100 %', () => {
  const scheduler = testScheduler();
  scheduler.run(({ cold, expectObservable }) => {
    const options = { ...OWN_SOC_DEFAULTS, chargeEfficiency: 0.9 } as OwnSoc;
    const sample$ = cold('a 60m b 60m c', { a: sample({ current: 20 }), b: sample({ current: 50 }), c: sample({}) });
    const soc$ = countOwnSoc(sample$, options, scheduler).pipe(map((o) => Math.round(o.soc * 1e4) / 1e4));
    expectObservable(soc$).toBe('a 60m b 60m c', { a: 50, b: 68, c: 100 });
  });
});

test('every battery in Float resets the counter to 100 % at once', () => {
  const scheduler = testScheduler();
  scheduler.run(({ cold, expectObservable }) => {
    const sample$ = cold('a 1m b', { a: sample({ current: 0 }), b: sample({ allFloat: true }) });
    expectObservable(countOwnSoc(sample$, OPTIONS, scheduler).pipe(map((o) => o.soc))).toBe('a 1m b', { a: 50, b: 100 });
  });
});

test('Float resets on entering it: a bank that discharges while its BMSes still say Float is counted down', () => {
  const scheduler = testScheduler();
  scheduler.run(({ cold, expectObservable }) => {
    // Float at 1 min: 100 %; -60 A of 100 Ah for 6 min still in Float: 6 Ah out -> 94 %
    const sample$ = cold('a 1m b 6m c', { a: sample({ current: 0 }), b: sample({ allFloat: true, current: -60 }), c: sample({ allFloat: true, current: -60 }) });
    expectObservable(countOwnSoc(sample$, OPTIONS, scheduler).pipe(map((o) => Math.round(o.soc * 1e4) / 1e4))).toBe('a 1m b 6m c', { a: 50, b: 100, c: 94 });
  });
});

test('with floatResets false, Float alone does not reset the counter', () => {
  const scheduler = testScheduler();
  scheduler.run(({ cold, expectObservable }) => {
    const options = { ...OPTIONS, floatResets: false };
    const sample$ = cold('a 1m b', { a: sample({ current: 0 }), b: sample({ allFloat: true }) });
    expectObservable(countOwnSoc(sample$, options, scheduler).pipe(map((o) => o.soc))).toBe('a 1m b', { a: 50, b: 50 });
  });
});

test('at the charge voltage with a tail current, the reset waits for the hold time; a current above the tail restarts it', () => {
  const scheduler = testScheduler();
  scheduler.run(({ cold, expectObservable }) => {
    const at = (current: number) => sample({ voltage: 55.15, current });
    // 1.5 A at 55.15 V (within 0.1 V of 55.2): full after 60 s; at 20 s a 5 A step restarts the wait
    const sample$ = cold('a 19999ms b 9999ms c 49999ms d 9999ms e', { a: at(0), b: at(5), c: at(0), d: at(0), e: at(0) });
    const soc$ = countOwnSoc(sample$, OPTIONS, scheduler).pipe(map((o) => (o.soc === 100 ? 'full' : 'counting')));
    expectObservable(soc$).toBe('a 19999ms b 9999ms c 49999ms d 9999ms e', { a: 'counting', b: 'counting', c: 'counting', d: 'counting', e: 'full' });
  });
});

test('a resumed state wins over the batteries\' SoC', () => {
  const scheduler = testScheduler();
  scheduler.run(({ cold, expectObservable }) => {
    const sample$ = cold('a', { a: sample({ batterySoc: 90 }) });
    expectObservable(countOwnSoc(sample$, OPTIONS, scheduler, 42.5).pipe(map((o) => o.soc))).toBe('a', { a: 42.5 });
  });
});
