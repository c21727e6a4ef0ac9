import { formatPath, type JsonPath } from '../config/jsonPath';
import type { ConfigProblem } from '../config/validateConfig';
import { OPTION_GROUPS } from '../config/codec';
import { optionKeys, SCALAR_KEYS, SELECTION_KEYS, type FormState, type Selection } from './formState';

/**
 * Where each problem is shown: every field lists the JSON paths it stands for, written by the validator's own
 * `formatPath`, and a problem goes to the field with the longest one that starts its path.
 */

export interface Anchor {
  /** The id of the field's element in the page (its errors go in `<id>-errors`). */
  readonly id: string;
  readonly paths: readonly JsonPath[];
}

/** The form's own place for problems it has no field for (the top level: invalid JSON, not an object). */
export const TOP_ANCHOR = 'config';

function selectionAnchors(id: string, path: JsonPath, selection: Selection): Anchor[] {
  return selection.rows.map((row, i) => ({ id: `${id}-${i}`, paths: [[...path, i], [...path, row.service]] }));
}

export function anchorsOf(state: FormState): Anchor[] {
  return [
    { id: TOP_ANCHOR, paths: [[]] },
    ...SCALAR_KEYS.map((key) => ({ id: `f-${key}`, paths: [[key]] })),
    ...OPTION_GROUPS.flatMap((group) => [{ id: `f-${group}`, paths: [[group]] }, ...optionKeys(group).map((key) => ({ id: `f-${group}-${key}`, paths: [[group, key]] }))]),
    { id: 'f-excludedServices', paths: [['excludedServices']] },
    ...state.excludedServices.map((_, i) => ({ id: `f-excludedServices-${i}`, paths: [['excludedServices', i]] })),
    ...SELECTION_KEYS.flatMap((key) => [{ id: `f-${key}`, paths: [[key]] }, ...selectionAnchors(`f-${key}`, [key], state[key])]),
    { id: 'f-virtualBatteries', paths: [['virtualBatteries']] },
    ...state.virtualBatteries.flatMap((vb, j) => [
      { id: `f-virtualBatteries-${j}`, paths: [['virtualBatteries', vb.name]] },
      ...selectionAnchors(`f-virtualBatteries-${j}`, ['virtualBatteries', vb.name], vb.members),
    ]),
    // Kept extras come last: a key the form cannot show goes to its own entry, not to the field it replaces.
    ...state.extras.map(([key], i) => ({ id: `f-extra-${i}`, paths: [[key]] })),
  ];
}

/** Whether a problem's path is at or below a field's: the next character must start a new step. */
const covers = (fieldPath: string, problemPath: string): boolean =>
  problemPath.startsWith(fieldPath) && (fieldPath === '' || ['', '.', '['].includes(problemPath.charAt(fieldPath.length)));

/** Each problem with the id of the field it belongs to. */
export function placeProblems(state: FormState, problems: readonly ConfigProblem[]): Array<{ readonly anchorId: string; readonly problem: ConfigProblem }> {
  const anchors = anchorsOf(state).map(({ id, paths }) => ({ id, paths: paths.map(formatPath) }));
  return problems.map((problem) => {
    let best = { id: TOP_ANCHOR, length: -1 };
    for (const anchor of anchors)
      for (const path of anchor.paths) if (covers(path, problem.path) && path.length >= best.length) best = { id: anchor.id, length: path.length };
    return { anchorId: best.id, problem };
  });
}
