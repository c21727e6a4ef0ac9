import { Variant } from 'dbus-next';
import { BUS_ITEM } from './busItemSignal';
import { BusConnection, MessageClass, MessageType, type Message } from './busConnection';
import { decodeVariant, defaultText, encodeValue, isRejection, type BusValue, type WireType } from './busValue';
import { childNodes, isUnder, relativePath, treeNodesOf } from './objectTree';
import { introspectionXml } from './introspection';
import { encodeItemsChanged, encodePropertiesChanged, type ItemChange } from './wire/busItemSignals';

const INTROSPECTABLE = 'org.freedesktop.DBus.Introspectable';

/**
 * How changes are announced: one ItemsChanged on `/` per tick (velib's default), or one PropertiesChanged
 * per path (what older drivers send; clients must follow both).
 */
export type SignalStyle = 'items' | 'properties';

/** SetValue return codes of the protocol (victron-dbus.md 1). */
export const SetValueResult = { accepted: 0, notWritable: 1, rejected: 2 } as const;

export interface ItemDefinition {
  readonly type: WireType;
  readonly value?: BusValue;
  /** GetText; default is `str(value)`, `---` when invalid. */
  readonly format?: (value: number | string) => string;
  /** Present only on writable paths: validates and applies a value; false rejects it (code 2). */
  readonly onSet?: (value: BusValue) => boolean;
}

interface Item {
  readonly path: string;
  readonly type: WireType;
  readonly format: ((value: number | string) => string) | undefined;
  readonly onSet: ((value: BusValue) => boolean) | undefined;
  value: BusValue;
  /** The value clients last heard of, so A -> B -> A inside one tick sends nothing. */
  sent: BusValue;
  /** In this tick's list of changed items. */
  queued: boolean;
}

/**
 * When a tick's changes go out: after every microtask of this turn of the event loop. The pipelines end
 * an instant in microtasks (the IR fit, then the limits over its result), so flushing any earlier would
 * send their outputs as a second signal for the same input batch.
 */
function afterMicrotasks(flush: () => void): void {
  setImmediate(flush);
}

/**
 * Publishes one Victron service: every path is a BusItem object, every proper prefix a tree node, `/` also
 * answers GetItems. One method handler answers all of them (dbus-next's Interface class rejects the
 * interface-less calls velib clients make). Changes made in one tick go out as one ItemsChanged on `/`.
 *
 * Each service needs its own connection: clients attribute signals by the sender's unique name.
 */
export class BusItemService {
  private readonly items = new Map<string, Item>();
  private nodes = new Set<string>(['/']);
  /**
   * This tick's changed items, in the order they first changed: an array refilled in place. A Set cleared
   * every tick would, once V8 has moved it to the old generation, get each new hash table allocated there
   * (10 KB/s of garbage at 16 batteries, the old generation's main growth between full collections).
   */
  private readonly pending: (Item | null)[] = [];
  private pendingCount = 0;
  private flushScheduled = false;
  private registered = false;
  private readonly removeHandler: () => void;

  constructor(
    private readonly connection: BusConnection,
    readonly name: string,
    private readonly schedule: (flush: () => void) => void = afterMicrotasks,
    private readonly signals: SignalStyle = 'items',
  ) {
    this.removeHandler = connection.addMethodHandler((msg) => this.handle(msg));
  }

  /** Adds or redefines a path; before registration, this is how initial values are set. */
  define(path: string, definition: ItemDefinition): void {
    const value = definition.value ?? null;
    const existing = this.items.get(path);
    const item: Item = {
      path,
      type: definition.type,
      format: definition.format,
      onSet: definition.onSet,
      value,
      sent: existing ? existing.sent : this.registered ? null : value,
      queued: false,
    };
    this.items.set(path, item);
    if (!existing) this.nodes = treeNodesOf(this.items.keys());
    if (this.registered) this.markChanged(item);
  }

  /** Removes a path; clients are told it became invalid, as vedbus does before unexporting. */
  remove(path: string): void {
    const item = this.items.get(path);
    if (!item) return;
    this.update(path, null);
    if (this.registered && item.sent !== null) this.flush();
    this.items.delete(path);
    this.nodes = treeNodesOf(this.items.keys());
  }

  has(path: string): boolean {
    return this.items.has(path);
  }

  value(path: string): BusValue | undefined {
    return this.items.get(path)?.value;
  }

  paths(): IterableIterator<string> {
    return this.items.keys();
  }

  /** Sets a path's value; the change is published with the others of this tick. */
  update(path: string, value: BusValue): void {
    const item = this.items.get(path);
    if (!item || item.value === value) return;
    item.value = value;
    if (this.registered) this.markChanged(item);
  }

  /** Takes the well-known name, after every path is in place (consumers scan at once). */
  async register(): Promise<void> {
    if (!(await this.connection.requestName(this.name))) {
      throw new Error(`the bus name ${this.name} is already taken: is another instance running?`);
    }
    for (const item of this.items.values()) item.sent = item.value;
    this.registered = true;
  }

  async dispose(): Promise<void> {
    this.removeHandler();
    const wasRegistered = this.registered;
    this.registered = false;
    if (wasRegistered && this.connection.isOpen) await this.connection.releaseName(this.name).catch(() => undefined);
  }

  /** Announces every path whose value differs from what clients last heard, in one ItemsChanged or one PropertiesChanged each. */
  flush(): void {
    this.flushScheduled = false;
    const count = this.pendingCount;
    this.pendingCount = 0;
    const changes: ItemChange[] = [];
    for (let i = 0; i < count; i++) {
      const item = this.pending[i]!;
      this.pending[i] = null;
      item.queued = false;
      // A path removed or redefined since it changed is no longer this item.
      if (this.items.get(item.path) !== item || item.value === item.sent) continue;
      item.sent = item.value;
      changes.push({ path: item.path, type: item.type, value: item.value, text: this.text(item) });
    }
    if (changes.length === 0 || !this.connection.isOpen) return;
    if (this.signals === 'items') {
      this.connection.sendEncoded((serial) => encodeItemsChanged(serial, BUS_ITEM, changes));
      return;
    }
    for (const change of changes) this.connection.sendEncoded((serial) => encodePropertiesChanged(serial, BUS_ITEM, change));
  }

  private markChanged(item: Item): void {
    if (!item.queued) {
      item.queued = true;
      this.pending[this.pendingCount++] = item;
    }
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    this.schedule(() => this.flush());
  }

  private text(item: Item): string {
    return item.value === null || !item.format ? defaultText(item.value) : item.format(item.value);
  }

  private entry(item: Item): Record<string, Variant> {
    return { Value: encodeValue(item.type, item.value), Text: new Variant('s', this.text(item)) };
  }

  private handle(msg: Message): boolean {
    if (msg.type !== MessageType.METHOD_CALL) return false;
    const path = msg.path;
    const item = this.items.get(path);
    if (!item && !this.nodes.has(path)) return false;
    if (msg.interface === INTROSPECTABLE) {
      if (msg.member !== 'Introspect') return false;
      this.reply(msg, 's', [introspectionXml(childNodes(this.nodes, this.items.keys(), path), item !== undefined, path === '/')]);
      return true;
    }
    if (msg.interface && msg.interface !== BUS_ITEM) return false;
    return item ? this.handleItem(msg, item) : this.handleNode(msg, path);
  }

  private handleItem(msg: Message, item: Item): boolean {
    switch (msg.member) {
      case 'GetValue':
        this.reply(msg, 'v', [encodeValue(item.type, item.value)]);
        return true;
      case 'GetText':
        this.reply(msg, 's', [this.text(item)]);
        return true;
      case 'GetDescription':
        this.reply(msg, 's', ['No description given']);
        return true;
      case 'SetValue':
        this.reply(msg, 'i', [this.setValue(msg, item)]);
        return true;
      default:
        return false;
    }
  }

  private setValue(msg: Message, item: Item): number {
    if (!item.onSet || msg.signature !== 'v') return SetValueResult.notWritable;
    const value = decodeVariant(msg.body[0]);
    if (isRejection(value)) return SetValueResult.notWritable;
    if (value !== null && (typeof value === 'string') !== (item.type === 's')) return SetValueResult.notWritable;
    if (value === item.value) return SetValueResult.accepted;
    if (!item.onSet(value)) return SetValueResult.rejected;
    this.update(msg.path, value);
    return SetValueResult.accepted;
  }

  private handleNode(msg: Message, node: string): boolean {
    switch (msg.member) {
      case 'GetValue': {
        const values: Record<string, Variant> = {};
        for (const [path, item] of this.items) {
          if (isUnder(path, node)) values[relativePath(path, node)] = encodeValue(item.type, item.value);
        }
        this.reply(msg, 'v', [new Variant('a{sv}', values)]);
        return true;
      }
      case 'GetText': {
        const texts: Record<string, string> = {};
        for (const [path, item] of this.items) {
          if (isUnder(path, node)) texts[relativePath(path, node)] = this.text(item);
        }
        this.reply(msg, 'v', [new Variant('a{ss}', texts)]);
        return true;
      }
      case 'GetItems': {
        if (node !== '/') return false;
        const all: Record<string, Record<string, Variant>> = {};
        for (const [path, item] of this.items) all[path] = this.entry(item);
        this.reply(msg, 'a{sa{sv}}', [all]);
        return true;
      }
      default:
        return false;
    }
  }

  private reply(msg: Message, signature: string, body: unknown[]): void {
    if (msg.flags & 0x1 /* NO_REPLY_EXPECTED */) return;
    if (this.connection.isOpen) this.connection.send(MessageClass.newMethodReturn(msg, signature, body));
  }
}
