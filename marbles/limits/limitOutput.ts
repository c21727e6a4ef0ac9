import { of, type Observable } from 'rxjs';
import type { Bank } from '../../src/battery/bank';
import { DVCC_OFF, type DvccState } from '../../src/battery/dvcc';
import type { Value } from '../../src/battery/value';
import type { ConfigFile } from '../../src/config/codec';
import { withDefaults } from '../../src/config/defaults';
import { limitOutputs } from '../../src/pipeline/limits/limitOutputs';

/** One output of `limitOutputs` for a bank, a config file's keys and DVCC's state over time. */
export function limitOutput(bank$: Observable<Bank>, path: string, config: ConfigFile = {}, dvcc$: Observable<DvccState> = of(DVCC_OFF)): Observable<Value> {
  const output = limitOutputs(bank$, dvcc$, withDefaults(config)).find((o) => o.path === path);
  if (!output) throw new Error(`no limit output ${path}`);
  return output.value$;
}

/** A marble of one value every `every` frames from `offset` on, `a`, `b`, ... and its values: a series in virtual time. */
export function series(values: readonly number[], offset = 0, every = 1): readonly [string, Record<string, number>] {
  const keys = 'abcdefghijklmnopqrstuvwxyz';
  if (values.length > keys.length) throw new Error('series too long');
  const marble = [...keys.slice(0, values.length)].join('-'.repeat(every - 1));
  return ['-'.repeat(offset) + marble, Object.fromEntries(values.map((v, i) => [keys[i]!, v]))];
}
