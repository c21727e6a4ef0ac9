import * as t from 'io-ts';
import { isRight } from 'fp-ts/Either';
import { parseClassAndInstance } from '../bus/localSettings';
import { isUnder, treeNodesOf } from '../bus/objectTree';

/**
 * The semantics of Victron's localsettings, without the bus: typed settings under `/Settings`, AddSetting's
 * return codes, SetValue's conversion and bounds, and the device-instance allocation for
 * `.../ClassAndVrmInstance` settings. What the dev settings service serves and persists.
 */

export const SettingType = t.keyof({ i: null, f: null, s: null }, 'SettingType');
export type SettingType = t.TypeOf<typeof SettingType>;

export const Setting = t.intersection([
  t.type({ type: SettingType, value: t.union([t.number, t.string]), default: t.union([t.number, t.string]) }),
  t.partial({ min: t.number, max: t.number, silent: t.boolean }),
]);
export type Setting = t.TypeOf<typeof Setting>;

/** The persisted form: setting path -> setting. */
export const StoredSettings = t.record(t.string, Setting, 'StoredSettings');
export type StoredSettings = t.TypeOf<typeof StoredSettings>;

export type SettingValue = number | string;

/** AddSetting's return codes (localsettings). */
export const AddResult = {
  ok: 0,
  underscore: -2,
  unknownType: -3,
  invalidPath: -4,
  typeDiffers: -5,
  invalidDefault: -6,
  outOfRange: -7,
  isGroup: -8,
  notUnderSettings: -9,
} as const;

/** SetValue's return codes on a setting: 0 ok, -1 cannot convert or out of bounds. */
export const SetResult = { ok: 0, error: -1 } as const;

export interface SettingDefinition {
  readonly path: string;
  readonly default: unknown;
  readonly type: string;
  readonly min?: unknown;
  readonly max?: unknown;
  readonly silent?: boolean;
}

const ROOT = '/Settings';
const INSTANCE_SUFFIX = '/ClassAndVrmInstance';
const VALID_PATH = /^(\/[A-Za-z0-9_]+)+$/;

/** Converts a value to a setting type as localsettings does (Python's int()/float()/str()); undefined when it cannot. */
export function convertTo(type: SettingType, value: unknown): SettingValue | undefined {
  switch (type) {
    case 'i':
      if (typeof value === 'number') return Number.isFinite(value) ? Math.trunc(value) : undefined;
      return typeof value === 'string' && /^\s*[-+]?\d+\s*$/.test(value) ? Number(value) : undefined;
    case 'f': {
      const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
      return Number.isFinite(n) ? n : undefined;
    }
    case 's':
      return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
  }
}

export class SettingsStore {
  private readonly settings = new Map<string, Setting>();
  private groups = new Set<string>([ROOT]);

  constructor(initial: StoredSettings = {}) {
    for (const [path, setting] of Object.entries(initial)) this.settings.set(path, { ...setting });
    this.regroup();
  }

  /** Reads a persisted file's content; undefined when it is not a settings object. */
  static decode(json: unknown): StoredSettings | undefined {
    const decoded = StoredSettings.decode(json);
    return isRight(decoded) ? decoded.right : undefined;
  }

  get(path: string): Setting | undefined {
    return this.settings.get(path);
  }

  isGroup(path: string): boolean {
    return path === '/' || this.groups.has(path);
  }

  entries(): IterableIterator<[string, Setting]> {
    return this.settings.entries();
  }

  /** Settings strictly below a group (or all of them, for `/`). */
  *under(group: string): Generator<[string, Setting]> {
    for (const entry of this.settings) if (isUnder(entry[0], group)) yield entry;
  }

  toJSON(): StoredSettings {
    return Object.fromEntries(this.settings);
  }

  /**
   * Adds a setting, or only updates the definition of an existing one: its value is kept. A new
   * ClassAndVrmInstance setting whose instance another device of the class holds gets the next free one.
   */
  add(definition: SettingDefinition): { code: number; value?: SettingValue; changed: boolean } {
    const { path } = definition;
    if (path.includes('/_')) return { code: AddResult.underscore, changed: false };
    if (!SettingType.is(definition.type)) return { code: AddResult.unknownType, changed: false };
    if (!VALID_PATH.test(path)) return { code: AddResult.invalidPath, changed: false };
    if (!isUnder(path, ROOT)) return { code: AddResult.notUnderSettings, changed: false };
    if (this.groups.has(path)) return { code: AddResult.isGroup, changed: false };
    if ([...treeNodesOf([path])].some((node) => this.settings.has(node))) return { code: AddResult.invalidPath, changed: false };
    const type = definition.type;
    const defaultValue = convertTo(type, definition.default);
    if (defaultValue === undefined) return { code: AddResult.invalidDefault, changed: false };
    const bounds = type === 's' ? {} : this.bounds(type, definition.min, definition.max);
    if (bounds === undefined) return { code: AddResult.invalidDefault, changed: false };
    if (typeof defaultValue === 'number' && bounds.min !== undefined && (defaultValue < bounds.min || defaultValue > bounds.max!)) return { code: AddResult.outOfRange, changed: false };

    const existing = this.settings.get(path);
    if (existing && existing.type !== type) return { code: AddResult.typeDiffers, changed: false };
    const value = existing ? existing.value : path.endsWith(INSTANCE_SUFFIX) ? this.freeInstance(path, defaultValue) : defaultValue;
    const setting: Setting = { type, value, default: defaultValue, ...bounds, ...(definition.silent ? { silent: true } : {}) };
    const changed = !existing || JSON.stringify(existing) !== JSON.stringify(setting);
    this.settings.set(path, setting);
    if (!existing) this.regroup();
    return { code: AddResult.ok, value, changed };
  }

  /** SetValue: converts to the setting's type and checks its bounds; `changed` tells whether to signal. */
  set(path: string, raw: unknown): { code: number; changed: boolean } {
    const setting = this.settings.get(path);
    if (!setting) return { code: SetResult.error, changed: false };
    const value = convertTo(setting.type, raw);
    if (value === undefined) return { code: SetResult.error, changed: false };
    if (typeof value === 'number' && setting.min !== undefined && setting.max !== undefined && (value < setting.min || value > setting.max)) {
      return { code: SetResult.error, changed: false };
    }
    if (value === setting.value) return { code: SetResult.ok, changed: false };
    setting.value = value;
    return { code: SetResult.ok, changed: true };
  }

  remove(path: string): boolean {
    const removed = this.settings.delete(path);
    if (removed) this.regroup();
    return removed;
  }

  /** min = max = 0 means unbounded, as in localsettings. */
  private bounds(type: SettingType, min: unknown, max: unknown): { min?: number; max?: number } | undefined {
    if (min === undefined && max === undefined) return {};
    const low = convertTo(type, min ?? 0);
    const high = convertTo(type, max ?? 0);
    if (typeof low !== 'number' || typeof high !== 'number') return undefined;
    return low === 0 && high === 0 ? {} : { min: low, max: high };
  }

  private freeInstance(path: string, requested: SettingValue): SettingValue {
    const wanted = parseClassAndInstance(requested);
    if (!wanted) return requested;
    const taken = new Set<number>();
    for (const [other, setting] of this.settings) {
      if (other === path || !other.endsWith(INSTANCE_SUFFIX)) continue;
      const held = parseClassAndInstance(setting.value);
      if (held?.deviceClass === wanted.deviceClass) taken.add(held.instance);
    }
    let instance = wanted.instance;
    while (taken.has(instance)) instance++;
    return `${wanted.deviceClass}:${instance}`;
  }

  private regroup(): void {
    this.groups = treeNodesOf(this.settings.keys());
    this.groups.delete('/');
    this.groups.add(ROOT);
  }
}
