import assert from 'node:assert/strict';
import { test } from 'node:test';
import { map, type Observable } from 'rxjs';
import { shortName, type Bank } from '../src/battery/bank';
import { mixedVoltage, type MixedVoltageNote, type MixedVoltageView } from '../src/pipeline/guards/mixedVoltage';
import { marbleBank, marbleBattery, testScheduler } from './support/marbleBank';
import { pipelineOver } from './support/pipelineOutputs';
import type { OutputPath } from '../src/pipeline/outputPath';
import type { Value } from '../src/battery/value';

const P = 'com.victronenergy.battery.';
const VOLTAGE = '/Dc/0/Voltage';
// Virtual time: 1 frame = 1 ms, so settleTime 0.003 s is 3 frames.
const OPTIONS = { maxDeviation: 0.2, settleTime: 0.003 };
const volts = { h: 51.2, g: 51.0, l: 25.6, n: null, z: 0 };

/** The view as one text: the batteries in the bank, then `/` and the left-out ones. */
function shown(view$: Observable<MixedVoltageView>): Observable<string> {
  return view$.pipe(map((v) => `${[...v.bank.keys()].map(shortName).join(',')}/${[...v.excluded.keys()].map(shortName).join(',')}`));
}

function guarded(bank$: Observable<Bank>, scheduler = testScheduler(), notes?: MixedVoltageNote[]): Observable<string> {
  return shown(bank$.pipe(mixedVoltage(OPTIONS, scheduler), map((view) => (notes?.push(...view.notes), view))));
}

test('a 24 V pack joining a 48 V bank is left out at once, with a warning naming it', () => {
  const scheduler = testScheduler();
  scheduler.run((helpers) => {
    const a = marbleBattery(helpers, `${P}a`, { [VOLTAGE]: ['h', volts] });
    const b = marbleBattery(helpers, `${P}b`, { [VOLTAGE]: ['g', volts] });
    const c = marbleBattery(helpers, `${P}c`, { [VOLTAGE]: ['l', volts] });
    const notes: MixedVoltageNote[] = [];
    helpers.expectObservable(guarded(marbleBank(helpers, 'x-y', { x: [a, b], y: [a, b, c] }), scheduler, notes)).toBe('x-y', { x: 'a,b/', y: 'a,b/c' });
    helpers.flush();
    assert.equal(notes.length, 1);
    assert.equal(notes[0]!.level, 'warn');
    assert.equal(notes[0]!.text, `mixed-voltage guard: ${P}c reports 25.6 V, 49.8 % off the bank's 51 V (more than 20 %): left out of every output until its voltage matches`);
  });
});

test('its voltage recovers: it joins again once it has matched for the settle time; a relapse before restarts the wait', () => {
  const scheduler = testScheduler();
  scheduler.run((helpers) => {
    const a = marbleBattery(helpers, `${P}a`, { [VOLTAGE]: ['h', volts] });
    const b = marbleBattery(helpers, `${P}b`, { [VOLTAGE]: ['h', volts] });
    // c: low, matches at 2 (rejoin due at 5), low again at 4 (cancelled), matches at 6 -> joins at 9
    const c = marbleBattery(helpers, `${P}c`, { [VOLTAGE]: ['l-g-l-g', volts] });
    const notes: MixedVoltageNote[] = [];
    helpers.expectObservable(guarded(marbleBank(helpers, 'x', { x: [a, b, c] }), scheduler, notes)).toBe('x--------y', { x: 'a,b/c', y: 'a,b,c/' });
    helpers.flush();
    assert.deepEqual(notes.map((n) => n.level), ['warn', 'info']);
    assert.match(notes[1]!.text, /c reports 51 V, within 20 % of the bank's 51\.2 V for 0\.003 s: aggregated again$/);
  });
});

test('two batteries that disagree: the one already aggregated stays; two new ones: the lower voltage is kept', () => {
  const scheduler = testScheduler();
  scheduler.run((helpers) => {
    const a = marbleBattery(helpers, `${P}a`, { [VOLTAGE]: ['h', volts] });
    const c = marbleBattery(helpers, `${P}c`, { [VOLTAGE]: ['l', volts] });
    helpers.expectObservable(guarded(marbleBank(helpers, 'x-y', { x: [a], y: [a, c] }), scheduler)).toBe('x-y', { x: 'a/', y: 'a/c' });
    const d = marbleBattery(helpers, `${P}d`, { [VOLTAGE]: ['h', volts] });
    const e = marbleBattery(helpers, `${P}e`, { [VOLTAGE]: ['l', volts] });
    // a CVL meant for the 51.2 V pack would overcharge the 25.6 V one; the lower one's CVL only stops the higher charging
    helpers.expectObservable(guarded(marbleBank(helpers, 'x', { x: [d, e] }), scheduler)).toBe('x', { x: 'e/d' });
  });
});

test('a battery of the majority leaving leaves two that disagree: the one aggregated stays, the left-out one stays out', () => {
  const scheduler = testScheduler();
  scheduler.run((helpers) => {
    const a = marbleBattery(helpers, `${P}a`, { [VOLTAGE]: ['h', volts] });
    const b = marbleBattery(helpers, `${P}b`, { [VOLTAGE]: ['h', volts] });
    const c = marbleBattery(helpers, `${P}c`, { [VOLTAGE]: ['l', volts] });
    helpers.expectObservable(guarded(marbleBank(helpers, 'x-y', { x: [a, b, c], y: [a, c] }), scheduler)).toBe('x-y', { x: 'a,b/c', y: 'a/c' });
  });
});

test('a battery leaving while left out: it is no longer listed, and its pending rejoin is dropped', () => {
  const scheduler = testScheduler();
  scheduler.run((helpers) => {
    const a = marbleBattery(helpers, `${P}a`, { [VOLTAGE]: ['h', volts] });
    const b = marbleBattery(helpers, `${P}b`, { [VOLTAGE]: ['h', volts] });
    const c = marbleBattery(helpers, `${P}c`, { [VOLTAGE]: ['l-g', volts] });
    // c matches at 2 (rejoin due at 5) but leaves at 3
    helpers.expectObservable(guarded(marbleBank(helpers, 'x--y', { x: [a, b, c], y: [a, b] }), scheduler)).toBe('x--y', { x: 'a,b/c', y: 'a,b/' });
  });
});

test('a battery without a valid voltage is not judged: a new one is in, a left-out one stays out and its rejoin waits', () => {
  const scheduler = testScheduler();
  scheduler.run((helpers) => {
    const a = marbleBattery(helpers, `${P}a`, { [VOLTAGE]: ['h', volts] });
    const b = marbleBattery(helpers, `${P}b`, { [VOLTAGE]: ['h', volts] });
    // c: no voltage yet (in), then low (out), then 0 (not judged: out), matches at 4 -> joins at 7
    const c = marbleBattery(helpers, `${P}c`, { [VOLTAGE]: ['nlz-g', volts] });
    // d: matches at 1 (rejoin due at 4) but is invalid at 2: the rejoin waits for a match again, at 3 -> joins at 6
    const d = marbleBattery(helpers, `${P}d`, { [VOLTAGE]: ['lgnh', volts] });
    helpers.expectObservable(guarded(marbleBank(helpers, 'x', { x: [a, b, c, d] }), scheduler)).toBe('xy----zw', {
      x: 'a,b,c/d',
      y: 'a,b/c,d',
      z: 'a,b,d/c',
      w: 'a,b,c,d/',
    });
  });
});

test('through the whole pipeline the left-out pack reaches no output: counts, lists, current, SoC, limits', () => {
  const scheduler = testScheduler();
  scheduler.run((helpers) => {
    const pack = (id: string, voltage: string, current: number, soc: number, ccl: number) =>
      marbleBattery(helpers, `${P}${id}`, {
        [VOLTAGE]: [voltage, volts],
        '/Dc/0/Current': ['i', { i: current }],
        '/Soc': ['s', { s: soc }],
        '/InstalledCapacity': ['c', { c: 100 }],
        '/Info/MaxChargeCurrent': ['m', { m: ccl }],
      });
    const bank$ = marbleBank(helpers, 'x--y', { x: [pack('a', 'h', 10, 80, 50), pack('b', 'h', 12, 60, 50)], y: [pack('a', 'h', 10, 80, 50), pack('b', 'h', 12, 60, 50), pack('c', 'l', 30, 10, 20)] });
    const notices: MixedVoltageNote[] = [];
    const [main] = pipelineOver(bank$, { mixedVoltage: { settleTime: 0.003 }, currentRatioMethod: 'count' }, { scheduler, onNotice: (n) => notices.push(n) });
    const outputs = new Map<string, Observable<Value>>();
    main!.outputs$.subscribe((o: OutputPath) => outputs.set(o.path, o.value$));
    const of = (path: string) => outputs.get(path)!;
    helpers.expectObservable(of('/System/Batteries')).toBe('x', { x: JSON.stringify([`${P}a`, `${P}b`]) });
    helpers.expectObservable(of('/System/NrOfBatteries')).toBe('x', { x: 2 });
    helpers.expectObservable(of('/Dc/0/Current')).toBe('x', { x: 22 });
    helpers.expectObservable(of('/Soc')).toBe('x', { x: 70 });
    helpers.expectObservable(of('/Info/MaxChargeCurrent')).toBe('x', { x: 100 });
    helpers.flush();
    assert.equal(outputs.has('/System/ExcludedBatteries'), true, 'listed from the first battery left out on');
    assert.equal(notices.length, 1);
    assert.match(notices[0]!.text, /battery\.c reports 25\.6 V/);
  });
});

test('with mode "off" every battery is aggregated whatever its voltage, as the original', () => {
  testScheduler().run((helpers) => {
    const a = marbleBattery(helpers, `${P}a`, { [VOLTAGE]: ['h', volts] });
    const c = marbleBattery(helpers, `${P}c`, { [VOLTAGE]: ['l', volts] });
    const [main] = pipelineOver(marbleBank(helpers, 'x', { x: [a, c] }), { mixedVoltage: { mode: 'off' } });
    const outputs = new Map<string, Observable<Value>>();
    main!.outputs$.subscribe((o: OutputPath) => outputs.set(o.path, o.value$));
    helpers.expectObservable(outputs.get('/System/NrOfBatteries')!).toBe('x', { x: 2 });
    helpers.flush();
    assert.equal(outputs.has('/System/ExcludedBatteries'), false);
  });
});
