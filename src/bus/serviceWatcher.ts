import { Observable, type Subscriber } from 'rxjs';
import { BusConnection, MessageType, type Message } from './busConnection';
import { isRejection, type BusValue, type DecodedValue } from './busValue';
import { BUS_ITEM, type BusItemSignal, type ItemValue } from './busItemSignal';
import { isItemPath } from './objectTree';
import { readServiceItems } from './readServiceItems';
import { RemoteServiceState, type RemoteService } from './remoteService';

export type ServiceEvent =
  | { readonly kind: 'added'; readonly service: RemoteService }
  | { readonly kind: 'removed'; readonly service: RemoteService }
  /** Once, when the services present at subscription have been read (or `readyTimeoutMs` passed). */
  | { readonly kind: 'ready' };

/** Something on the bus we could not use; the caller decides how loudly to report it. */
export type WatchProblem =
  | { readonly kind: 'rejected-value'; readonly service: string; readonly path: string; readonly reason: string }
  | { readonly kind: 'malformed-signal'; readonly service: string; readonly member: string }
  /** A key that is no object path (`Soc`, `/a b`), or one path too many; `path` is as received, unbounded. */
  | { readonly kind: 'rejected-path'; readonly service: string; readonly path: string; readonly reason: string }
  | { readonly kind: 'scan-failed'; readonly service: string; readonly reason: string };

export interface WatchOptions {
  /** Which well-known names to follow. */
  readonly select: (name: string) => boolean;
  /** The arg0namespace of the NameOwnerChanged rule; every selected name must lie inside it. */
  readonly namespace?: string;
  readonly callTimeoutMs?: number;
  /** How long `ready` waits for slow services present at start. */
  readonly readyTimeoutMs?: number;
  readonly onProblem?: (problem: WatchProblem) => void;
}

/**
 * Paths kept per service. A driver publishes a few hundred at most (serialbattery with 48 cells about 300);
 * beyond this, one that invents paths would grow memory, and every `/Alarms/*` one would be republished.
 */
export const MAX_PATHS_PER_SERVICE = 2048;

/** The paths a service has so far: a Map while it is read, its state afterwards. */
type PathSet = { has(path: string): boolean; readonly size: number };

const NAME_OWNER_CHANGED = (namespace: string | null) =>
  "type='signal',sender='org.freedesktop.DBus',path='/org/freedesktop/DBus',interface='org.freedesktop.DBus',member='NameOwnerChanged'" +
  (namespace ? `,arg0namespace='${namespace}'` : '');
/** ItemsChanged and PropertiesChanged of one followed service: nothing else on a busy GX reaches us. */
const SIGNALS_OF = (owner: string) => `type='signal',sender='${owner}',interface='${BUS_ITEM}'`;

/**
 * Follows Victron services on the bus as velib's dbusmonitor does: NameOwnerChanged, ListNames, one
 * read of every item per service (`readServiceItems`), then ItemsChanged and PropertiesChanged by
 * sender. Unlike dbusmonitor's broad rules, each followed service gets a match rule of its own, added
 * before it is read and removed when it leaves: on a GX, solar chargers, inverters and systemcalc send
 * many more signals than the batteries, and parsing them would cost more than everything else we do.
 * Signals that arrive while a service is being read are dropped: the bus orders them before the reply,
 * so the reply already holds their values.
 */
export function watchServices(connection: BusConnection, options: WatchOptions): Observable<ServiceEvent> {
  return new Observable<ServiceEvent>((subscriber) => {
    const watcher = new Watcher(connection, options, subscriber);
    watcher.start().catch((err: unknown) => subscriber.error(err));
    return () => watcher.stop();
  });
}

interface Tracked {
  readonly owner: string;
  state: RemoteServiceState | null; // null while being read, or when it could not be read
}

/** A service that could not be read; read again on its next signal, but not more often than this. */
const REREAD_INTERVAL_MS = 2000;

class Watcher {
  private readonly byName = new Map<string, Tracked>();
  private readonly byOwner = new Map<string, RemoteServiceState>();
  /** Services that could not be read, by owner: their next signal shows them alive. */
  private readonly unreadable = new Map<string, { readonly name: string; readonly notBefore: number }>();
  private readonly rules: string[] = [];
  /** The names followed per connection (one connection may own several), each connection with its match rule. */
  private readonly senderRules = new Map<string, Set<string>>();
  private removeListeners: Array<() => void> = [];
  private stopped = false;
  private readonly timeoutMs: number;

  constructor(
    private readonly connection: BusConnection,
    private readonly options: WatchOptions,
    private readonly subscriber: Subscriber<ServiceEvent>,
  ) {
    this.timeoutMs = options.callTimeoutMs ?? 30_000;
  }

  async start(): Promise<void> {
    this.removeListeners = [
      this.connection.onMessage((msg) => this.onMessage(msg)),
      this.connection.onBusItemSignal((signal) => this.onBusItemSignal(signal)),
    ];
    await this.addNameOwnerRule();
    const names = (await this.connection.callBus('ListNames')).body[0] as string[];
    const scans = names.filter((name) => this.options.select(name)).map((name) => this.scanByName(name));
    await Promise.race([Promise.allSettled(scans), delay(this.options.readyTimeoutMs ?? 3000)]);
    if (!this.stopped) this.subscriber.next({ kind: 'ready' });
  }

  stop(): void {
    this.stopped = true;
    for (const remove of this.removeListeners) remove();
    if (this.connection.isOpen) {
      for (const rule of this.rules) this.connection.removeMatch(rule).catch(() => undefined);
      for (const owner of this.senderRules.keys()) this.connection.removeMatch(SIGNALS_OF(owner)).catch(() => undefined);
    }
    this.senderRules.clear();
    for (const state of this.byOwner.values()) state.leave();
    this.byOwner.clear();
    this.byName.clear();
    this.unreadable.clear();
  }

  private async addNameOwnerRule(): Promise<void> {
    const namespace = this.options.namespace ?? 'com.victronenergy';
    try {
      await this.addRule(NAME_OWNER_CHANGED(namespace));
    } catch {
      await this.addRule(NAME_OWNER_CHANGED(null)); // an old dbus-daemon without arg0namespace
    }
  }

  private async addRule(rule: string): Promise<void> {
    await this.connection.addMatch(rule);
    this.rules.push(rule);
  }

  private async scanByName(name: string): Promise<void> {
    let owner: string;
    try {
      owner = (await this.connection.callBus('GetNameOwner', 's', [name])).body[0] as string;
    } catch {
      return; // left again before we asked
    }
    await this.scan(name, owner);
  }

  private onMessage(msg: Message): void {
    if (this.stopped || msg.type !== MessageType.SIGNAL) return;
    if (msg.member === 'NameOwnerChanged' && msg.sender === 'org.freedesktop.DBus' && msg.signature === 'sss') {
      const [name, , newOwner] = msg.body as [string, string, string];
      if (this.options.select(name)) this.onNameOwnerChanged(name, newOwner);
    }
  }

  private onBusItemSignal(signal: BusItemSignal): void {
    if (this.stopped) return;
    const state = this.byOwner.get(signal.sender);
    if (!state) return this.rereadIfUnreadable(signal.sender);
    if (signal.member === 'ItemsChanged' && signal.path !== '/') return;
    if (signal.changes === null) {
      this.problem({ kind: 'malformed-signal', service: state.name, member: signal.member });
      return;
    }
    for (const { path, value } of signal.changes) {
      if (this.admits(state.name, state, path)) state.set(path, this.accept(state.name, path, value));
    }
  }

  private onNameOwnerChanged(name: string, newOwner: string): void {
    const tracked = this.byName.get(name);
    if (tracked && tracked.owner === newOwner) return; // already known from ListNames
    if (tracked) this.drop(name, tracked);
    if (newOwner !== '') this.scan(name, newOwner).catch(() => undefined);
  }

  private async followSender(owner: string, name: string): Promise<void> {
    const names = this.senderRules.get(owner);
    if (names) {
      names.add(name);
      return;
    }
    this.senderRules.set(owner, new Set([name]));
    await this.connection.addMatch(SIGNALS_OF(owner));
  }

  private unfollowSender(owner: string, name: string): void {
    const names = this.senderRules.get(owner);
    if (!names?.delete(name) || names.size > 0) return;
    this.senderRules.delete(owner);
    if (this.connection.isOpen) this.connection.removeMatch(SIGNALS_OF(owner)).catch(() => undefined);
  }

  /**
   * A driver that failed to answer at first (still starting, or busy) must not stay out of the bank for
   * good while it is on the bus: a battery left out is one whose limits are not respected.
   */
  private rereadIfUnreadable(owner: string): void {
    const entry = this.unreadable.get(owner);
    if (!entry || performance.now() < entry.notBefore) return;
    this.unreadable.delete(owner);
    this.scan(entry.name, owner).catch(() => undefined);
  }

  private drop(name: string, tracked: Tracked): void {
    this.byName.delete(name);
    this.unfollowSender(tracked.owner, name);
    if (this.unreadable.get(tracked.owner)?.name === name) this.unreadable.delete(tracked.owner);
    const state = tracked.state;
    if (!state) return; // still being read: the scan notices and discards its result
    // One connection may own several names; only this name's routing goes.
    if (this.byOwner.get(state.owner) === state) this.byOwner.delete(state.owner);
    this.subscriber.next({ kind: 'removed', service: state });
    state.leave();
  }

  private async scan(name: string, owner: string): Promise<void> {
    const tracked: Tracked = { owner, state: null };
    this.byName.set(name, tracked);
    let values: Map<string, BusValue>;
    try {
      await this.followSender(owner, name); // before reading: no change may fall between the reply and the rule
      values = this.valuesOf(name, await readServiceItems(this.connection, owner, this.timeoutMs));
    } catch (err) {
      if (this.stopped || this.byName.get(name) !== tracked) return; // left meanwhile: nothing to report
      // Still followed: its next signal shows it alive, and it is read again.
      this.unreadable.set(owner, { name, notBefore: performance.now() + REREAD_INTERVAL_MS });
      this.problem({ kind: 'scan-failed', service: name, reason: describe(err) });
      return;
    }
    if (this.stopped || this.byName.get(name) !== tracked) return; // left or restarted meanwhile
    const state = new RemoteServiceState(name, owner, values);
    tracked.state = state;
    this.byOwner.set(owner, state);
    this.subscriber.next({ kind: 'added', service: state });
  }

  private valuesOf(name: string, items: readonly ItemValue[]): Map<string, BusValue> {
    const values = new Map<string, BusValue>();
    for (const { path, value } of items) {
      if (this.admits(name, values, path)) values.set(path, this.accept(name, path, value));
    }
    return values;
  }

  /** Whether a path may hold a value of a service that already has `known` paths; a refusal is a problem. */
  private admits(service: string, known: PathSet, path: string): boolean {
    const reason = pathRefusal(known, path);
    if (reason === null) return true;
    this.problem({ kind: 'rejected-path', service, path, reason });
    return false;
  }

  /** A refused value counts as invalid: better no value than a wrong one. */
  private accept(service: string, path: string, value: DecodedValue): BusValue {
    if (!isRejection(value)) return value;
    this.problem({ kind: 'rejected-value', service, path, reason: value.rejected });
    return null;
  }

  private problem(problem: WatchProblem): void {
    this.options.onProblem?.(problem);
  }
}

function pathRefusal(known: PathSet, path: string): string | null {
  if (known.has(path)) return null; // admitted when first seen: no pattern test on every later value
  if (!isItemPath(path)) return 'no object path';
  if (known.size >= MAX_PATHS_PER_SERVICE) return `over ${MAX_PATHS_PER_SERVICE} paths`;
  return null;
}

function describe(err: unknown): string {
  if (err instanceof Error) return err.message || (err as { type?: string }).type || err.name;
  return String(err);
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
