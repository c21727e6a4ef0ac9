import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { type Observable } from 'rxjs';
import type { Battery } from '../../../src/battery/bank';
import type { Value } from '../../../src/battery/value';
import type { OutputPath } from '../../../src/pipeline/outputPath';
import { EXCLUDED_PATH } from '../../../src/pipeline/guards/mixedVoltageBank';
import { marbleBank, marbleBattery, testScheduler } from '../../../marbles/support/marbleBank';
import { pipelineOver } from '../../../marbles/support/pipelineOutputs';

const P = 'com.victronenergy.battery.';
const reading = fc.record({
  current: fc.double({ min: -100, max: 100, noNaN: true }),
  soc: fc.double({ min: 0, max: 100, noNaN: true }),
  capacity: fc.double({ min: 50, max: 300, noNaN: true }),
  ccl: fc.option(fc.double({ min: 0, max: 200, noNaN: true })),
  dcl: fc.option(fc.double({ min: 0, max: 200, noNaN: true })),
  cvl: fc.option(fc.double({ min: 25, max: 60, noNaN: true })),
  cell: fc.double({ min: 3.0, max: 3.7, noNaN: true }),
  mode: fc.constantFrom('Bulk', 'Absorption', 'Float'),
});
/** A pack of the bank: within 2 % of 51.2 V. */
const matching = fc.record({ voltage: fc.double({ min: 50.2, max: 52.2, noNaN: true }), values: reading });
/** The odd one out: a 24 V or a 96 V pack, its values changing over time, its voltage staying off. */
const mismatched = fc.record({
  voltages: fc.tuple(fc.oneof(fc.double({ min: 20, max: 29, noNaN: true }), fc.double({ min: 90, max: 110, noNaN: true })), fc.double({ min: 20, max: 29, noNaN: true })),
  values: fc.tuple(reading, reading),
  joinsAt: fc.nat({ max: 3 }),
});

type Reading = typeof reading extends fc.Arbitrary<infer R> ? R : never;
const paths = (r: Reading): Record<string, Value> => ({
  '/Dc/0/Current': r.current,
  '/Dc/0/Power': r.current * 51,
  '/Soc': r.soc,
  '/InstalledCapacity': r.capacity,
  '/Capacity': (r.capacity * r.soc) / 100,
  '/Info/MaxChargeCurrent': r.ccl,
  '/Info/MaxDischargeCurrent': r.dcl,
  '/Info/MaxChargeVoltage': r.cvl,
  '/System/MaxCellVoltage': r.cell,
  '/System/MinCellVoltage': r.cell - 0.01,
  '/Info/ChargeMode': r.mode,
  '/Io/AllowToCharge': 1,
});

/** Every value each output path published, by path; the guard's own list left out. */
function published(outputs$: Observable<OutputPath>): Map<string, Value[]> {
  const seen = new Map<string, Value[]>();
  outputs$.subscribe((output) => {
    if (output.path === EXCLUDED_PATH) return;
    const values: Value[] = [];
    seen.set(output.path, values);
    output.value$.subscribe((value) => values.push(value));
  });
  return seen;
}

test('property: the left-out mismatched battery never contributes to any output (the outputs are those of the bank without it)', () => {
  fc.assert(
    fc.property(fc.array(matching, { minLength: 2, maxLength: 5 }), mismatched, (bank, odd) => {
      const run = (withOdd: boolean) => {
        let result = new Map<string, Value[]>();
        testScheduler().run((helpers) => {
          const packs: Battery[] = bank.map((p, i) => {
            const values = paths(p.values);
            return marbleBattery(helpers, `${P}p${i}`, Object.fromEntries([['/Dc/0/Voltage', ['v', { v: p.voltage }]], ...Object.entries(values).map(([path, v]) => [path, ['x', { x: v }]])]));
          });
          const [first, second] = odd.values.map(paths);
          const oddPack = marbleBattery(
            helpers,
            `${P}odd`,
            Object.fromEntries([
              ['/Dc/0/Voltage', ['a-b', { a: odd.voltages[0], b: odd.voltages[1] }]],
              ...Object.keys(first!).map((path) => [path, ['a-b', { a: first![path]!, b: second![path]! }]]),
            ]),
          );
          const marble = `${'-'.repeat(odd.joinsAt)}y`;
          const bank$ = marbleBank(helpers, withOdd ? `x${marble}` : 'x', { x: packs, y: [...packs, oddPack] });
          const [main] = pipelineOver(bank$, { currentRatioMethod: 'capacity' });
          result = published(main!.outputs$);
        });
        return result;
      };
      assert.deepEqual(run(true), run(false));
    }),
    { numRuns: 10_000 },
  );
});
