import { test } from 'node:test';
import { marbleBank, marbleBattery, testScheduler } from '../support/marbleBank';
import { limitOutput } from './limitOutput';
import type { DvccState } from '../../src/battery/dvcc';
import type { ConfigFile } from '../../src/config/codec';

const CCL = '/Info/MaxChargeCurrent';
const DCL = '/Info/MaxDischargeCurrent';
const off: DvccState = { enabled: false, maxChargeCurrent: 120, maxChargeVoltage: null };
const on = (limit: number): DvccState => ({ enabled: true, maxChargeCurrent: limit, maxChargeVoltage: null });
const DVCC = { f: off, n: on(120), m: on(300), u: on(-1), z: on(0) };

/** The reference's three batteries: own CCLs 50, 90, 150 A, 100, 200, 300 Ah: 270 A by capacity. */
function referenceBank(helpers: Parameters<typeof marbleBattery>[0]) {
  const battery = (id: string, ccl: number, capacity: number) =>
    marbleBattery(helpers, `com.victronenergy.battery.${id}`, {
      [CCL]: ['l', { l: ccl }],
      [DCL]: ['l', { l: 2 * ccl }],
      '/InstalledCapacity': ['c', { c: capacity }],
    });
  return marbleBank(helpers, 'x', { x: [battery('a', 50, 100), battery('b', 90, 200), battery('c', 150, 300)] });
}

const modes: ReadonlyArray<[ConfigFile['cclMode'], string, Record<string, number>]> = [
  // DVCC off, on at 120 A, on at 300 A, on without a limit (-1), on at 0 A
  ['battery+dvcc', 'b-d-b---z', { b: 270, d: 120, z: 0 }],
  ['battery', 'b', { b: 270 }],
  ['dvcc', 'b-d-e-b-z', { b: 270, d: 120, e: 300, z: 0 }],
];

for (const [cclMode, marble, values] of modes) {
  test(`cclMode ${cclMode}: DVCC switching on, the owner's limit changing and being removed`, () => {
    testScheduler().run((helpers) => {
      const dvcc$ = helpers.cold<DvccState>('f-n-m-u-z', DVCC);
      helpers.expectObservable(limitOutput(referenceBank(helpers), CCL, { cclMode }, dvcc$)).toBe(marble, values);
    });
  });
}

test('DVCC never limits the discharge current', () => {
  testScheduler().run((helpers) => {
    const dvcc$ = helpers.cold<DvccState>('f-n-z', DVCC);
    helpers.expectObservable(limitOutput(referenceBank(helpers), DCL, { cclMode: 'dvcc' }, dvcc$)).toBe('d', { d: 540 });
  });
});

test('battery+dvcc with no battery limit: the owner\'s limit alone', () => {
  testScheduler().run((helpers) => {
    const bank$ = marbleBank(helpers, 'x', { x: [] });
    const dvcc$ = helpers.cold<DvccState>('f-n', DVCC);
    helpers.expectObservable(limitOutput(bank$, CCL, {}, dvcc$)).toBe('n-d', { n: null, d: 120 });
  });
});
