import { EventEmitter } from 'node:events';
import * as dbus from 'dbus-next';
import { BUS_ITEM, busItemSignalOf, type BusItemSignal, type ItemValue } from './busItemSignal';
import { readBusItemSignal, readItemsReply, type ItemsReply } from './wire/busItemSignalReader';
import { encodeGetItems } from './wire/busItemSignals';
import { installMessageFraming, setMessageTap } from './wire/messageFraming';

/** The one place that touches dbus-next's connection object; everything else uses this wrapper. */
export type Message = dbus.Message;
export const { Message: MessageClass, MessageType, DBusError } = dbus;

const SYSTEM_BUS = 'unix:path=/var/run/dbus/system_bus_socket';
const DBUS = { destination: 'org.freedesktop.DBus', path: '/org/freedesktop/DBus', interface: 'org.freedesktop.DBus' };

/** Default for our own call timeout; dbus-daemon answers NoReply after 25 s on its own. */
export const DEFAULT_CALL_TIMEOUT_MS = 30_000;

/**
 * Picks the bus like Victron's own tools: an explicit address wins, then the session bus when
 * `DBUS_SESSION_BUS_ADDRESS` is set, then the system bus.
 */
export function resolveBusAddress(explicit: string | undefined, env: NodeJS.ProcessEnv): string {
  return explicit ?? env.DBUS_SESSION_BUS_ADDRESS ?? env.DBUS_SYSTEM_BUS_ADDRESS ?? SYSTEM_BUS;
}

export class CallTimeoutError extends Error {
  constructor(readonly member: string, readonly destination: string, readonly timeoutMs: number) {
    super(`${member} on ${destination} got no answer within ${timeoutMs} ms`);
  }
}

/**
 * A connected bus: call with a timeout, send, receive, and a `lost` event when the connection drops
 * (dbus-next only reports that through a write error, if at all).
 */
export class BusConnection extends EventEmitter {
  private closing = false;
  /** Calls awaiting an answer: a closed connection will never bring one, so they fail at once. */
  private readonly pending = new Set<(err: Error) => void>();
  private readonly busItemListeners = new Set<(signal: BusItemSignal) => void>();
  /** Our GetItems calls awaiting their reply, by serial; the wire reader takes those replies. */
  private readonly itemsCalls = new Map<number, (reply: ItemsReply) => void>();
  private readonly isItemsCall = (serial: number) => this.itemsCalls.has(serial);

  private constructor(readonly bus: dbus.MessageBus, readonly uniqueName: string, readonly address: string) {
    super();
    const connection = (bus as unknown as { _connection: EventEmitter })._connection;
    const lost = (reason: string) => {
      if (this.closing) return;
      this.closing = true;
      this.failPending(reason);
      this.emit('lost', reason);
    };
    connection.on('end', () => lost('the bus closed the connection'));
    // Signals the wire reader could not take (never seen from a validating dbus-daemon) still arrive, via dbus-next.
    bus.on('message', (msg: Message) => {
      if (this.busItemListeners.size === 0) return;
      const signal = busItemSignalOf(msg);
      if (signal) this.emitBusItemSignal(signal);
    });
    bus.on('error', (err: unknown) => lost(err instanceof Error ? err.message : String(err)));
    setMessageTap(this.stream, (buffer, start, end) => this.take(buffer, start, end));
  }

  static connect(address: string, timeoutMs = 5000): Promise<BusConnection> {
    installMessageFraming();
    return new Promise((resolve, reject) => {
      let bus: dbus.MessageBus;
      try {
        bus = dbus.sessionBus({ busAddress: address });
      } catch (err) {
        reject(new Error(`cannot connect to D-Bus at ${address}: ${(err as Error).message}`));
        return;
      }
      const timer = setTimeout(() => fail(new Error(`no answer from D-Bus at ${address} within ${timeoutMs} ms`)), timeoutMs);
      const fail = (err: unknown) => {
        clearTimeout(timer);
        bus.removeAllListeners('connect');
        try { bus.disconnect(); } catch { /* already gone */ }
        reject(new Error(`cannot connect to D-Bus at ${address}: ${err instanceof Error ? err.message : String(err)}`));
      };
      bus.once('error', fail);
      bus.once('connect', () => {
        clearTimeout(timer);
        bus.removeListener('error', fail);
        resolve(new BusConnection(bus, (bus as unknown as { name: string }).name, address));
      });
    });
  }

  /** A method call that gives up after `timeoutMs`; errors reject with dbus-next's DBusError. */
  call(msg: dbus.MessageLike, timeoutMs = DEFAULT_CALL_TIMEOUT_MS): Promise<Message> {
    if (this.closing) return Promise.reject(new Error(`${msg.member ?? 'call'}: the bus connection is closed`));
    const message = new MessageClass(msg);
    return new Promise<Message>((resolve, reject) => {
      const fail = (err: unknown) => {
        clearTimeout(timer);
        this.pending.delete(fail);
        reject(err);
      };
      const timer = setTimeout(() => fail(new CallTimeoutError(msg.member ?? '?', msg.destination ?? '?', timeoutMs)), timeoutMs);
      this.pending.add(fail);
      this.bus.call(message).then((reply) => {
        clearTimeout(timer);
        this.pending.delete(fail);
        resolve(reply as Message);
      }, fail);
    });
  }

  /**
   * GetItems on `/` of `destination`: every path's value, decoded by the wire reader. Rejects with the
   * error a service answered (or with why its reply is unusable), or a CallTimeoutError.
   */
  getItems(destination: string, timeoutMs = DEFAULT_CALL_TIMEOUT_MS): Promise<ItemValue[]> {
    if (this.closing) return Promise.reject(new Error('GetItems: the bus connection is closed'));
    return new Promise<ItemValue[]>((resolve, reject) => {
      let serial = 0;
      const settle = () => {
        clearTimeout(timer);
        this.pending.delete(fail);
        this.itemsCalls.delete(serial);
      };
      const fail = (err: unknown) => {
        settle();
        reject(err);
      };
      const timer = setTimeout(() => fail(new CallTimeoutError('GetItems', destination, timeoutMs)), timeoutMs);
      this.pending.add(fail);
      this.sendEncoded((next) => encodeGetItems((serial = next), destination, BUS_ITEM));
      this.itemsCalls.set(serial, (reply) => {
        settle();
        if ('items' in reply) resolve(reply.items);
        else reject(new Error(`GetItems on ${destination}: ${reply.error}`));
      });
    });
  }

  callBus(member: string, signature = '', body: unknown[] = []): Promise<Message> {
    return this.call({ ...DBUS, member, signature, body });
  }

  send(msg: Message): void {
    this.bus.send(msg);
  }

  /**
   * Sends a message marshalled by the caller (see `wire/busItemSignals.ts`), given the next serial.
   * It goes on the same socket as dbus-next's own, in call order.
   */
  sendEncoded(encode: (serial: number) => Buffer): void {
    if (this.closing) return;
    const stream = this.stream;
    if (stream.writable) stream.write(encode(this.bus.newSerial()));
  }

  addMatch(rule: string): Promise<Message> {
    return this.callBus('AddMatch', 's', [rule]);
  }

  removeMatch(rule: string): Promise<Message> {
    return this.callBus('RemoveMatch', 's', [rule]);
  }

  onMessage(listener: (msg: Message) => void): () => void {
    this.bus.on('message', listener);
    return () => this.bus.removeListener('message', listener);
  }

  /**
   * BusItem ItemsChanged and PropertiesChanged, decoded straight from the wire (see
   * `wire/busItemSignalReader.ts`). While any such listener is registered, those signals are taken
   * before dbus-next parses them: `onMessage` listeners do not see them then.
   */
  onBusItemSignal(listener: (signal: BusItemSignal) => void): () => void {
    this.busItemListeners.add(listener);
    return () => this.busItemListeners.delete(listener);
  }

  addMethodHandler(handler: (msg: Message) => boolean): () => void {
    this.bus.addMethodHandler(handler);
    return () => this.bus.removeMethodHandler(handler);
  }

  /** Requests a well-known name without queueing; false when someone else holds it. */
  async requestName(name: string): Promise<boolean> {
    const reply = await this.callBus('RequestName', 'su', [name, dbus.NameFlag.DO_NOT_QUEUE]);
    const code = reply.body[0] as number;
    return code === dbus.RequestNameReply.PRIMARY_OWNER || code === dbus.RequestNameReply.ALREADY_OWNER;
  }

  async releaseName(name: string): Promise<void> {
    await this.callBus('ReleaseName', 's', [name]);
  }

  get isOpen(): boolean {
    return !this.closing;
  }

  close(): void {
    if (this.closing) return;
    this.closing = true;
    this.failPending('closed');
    this.bus.disconnect();
  }

  /** The message tap: takes BusItem signals while someone listens, and replies to our GetItems calls. */
  private take(buffer: Buffer, start: number, end: number): boolean {
    let signal: BusItemSignal | null = null;
    let reply: ItemsReply | null = null;
    try {
      if (this.busItemListeners.size > 0) signal = readBusItemSignal(buffer, start, end);
      if (!signal && this.itemsCalls.size > 0) reply = readItemsReply(buffer, start, end, this.isItemsCall);
    } catch {
      return false; // dbus-next parses it, or says what is wrong with it
    }
    if (signal) this.emitBusItemSignal(signal);
    else if (reply) this.itemsCalls.get(reply.replySerial)!(reply);
    return signal !== null || reply !== null;
  }

  private emitBusItemSignal(signal: BusItemSignal): void {
    for (const listener of this.busItemListeners) listener(signal);
  }

  private get stream(): NodeJS.WritableStream & { writable: boolean } {
    return (this.bus as unknown as { _connection: { stream: NodeJS.WritableStream & { writable: boolean } } })._connection.stream;
  }

  private failPending(reason: string): void {
    for (const fail of [...this.pending]) fail(new Error(`the bus connection is closed (${reason})`));
  }
}
