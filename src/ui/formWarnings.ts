import { writtenAsMap } from './configJson';
import { SELECTION_KEYS, type FormState, type Selection } from './formState';

/**
 * What the form itself would lose: two entries of one map with the same key become one key in the JSON (the
 * last wins), which no validator can see afterwards. Warned at the entries that vanish.
 */
export interface FormWarning {
  readonly anchorId: string;
  readonly message: string;
}

/** The indexes of entries whose key comes again later, with the 1-based number of the entry that wins. */
function overwritten(keys: readonly string[]): Array<[index: number, winner: number]> {
  return keys.flatMap((key, i) => {
    const last = keys.lastIndexOf(key);
    return last === i ? [] : [[i, last + 1] as [number, number]];
  });
}

function selectionWarnings(idBase: string, what: string, selection: Selection): FormWarning[] {
  if (!writtenAsMap(selection)) return []; // a list keeps every entry
  return overwritten(selection.rows.map((row) => row.service)).map(([i, winner]) => ({
    anchorId: `${idBase}-${i}`,
    message: `the same service as ${what} ${winner}: only that one is written`,
  }));
}

export function formWarnings(state: FormState): FormWarning[] {
  return [
    ...SELECTION_KEYS.flatMap((key) => selectionWarnings(`f-${key}`, 'service', state[key])),
    ...overwritten(state.virtualBatteries.map((vb) => vb.name)).map(([j, winner]) => ({
      anchorId: `f-virtualBatteries-${j}`,
      message: `the same name as virtual battery ${winner}: only that one is written`,
    })),
    ...state.virtualBatteries.flatMap((vb, j) => selectionWarnings(`f-virtualBatteries-${j}`, 'member', vb.members)),
  ];
}
