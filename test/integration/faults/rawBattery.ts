import * as dbus from 'dbus-next';

const { Message, MessageType, Variant } = dbus;
const BUS_ITEM = 'com.victronenergy.BusItem';

/** How the battery answers GetItems on `/`. */
export type GetItemsBehaviour =
  | { readonly kind: 'answer'; readonly delayMs?: number }
  /** An error reply, as a vedbus whose getter raised. */
  | { readonly kind: 'error'; readonly errorName: string }
  /** No such method: a service older than GetItems. */
  | { readonly kind: 'unknown' }
  /** A reply of the wrong signature. */
  | { readonly kind: 'garbage' }
  /** GetItems and GetValue on `/` fail until the first `set`, as a driver still starting up. */
  | { readonly kind: 'unreadable-until-set' };

/**
 * A battery written straight on dbus-next, not with our BusItemService: it misbehaves on purpose (a slow or
 * failing GetItems, signals of any shape) yet is a real service on the bus. Values are plain variants.
 */
export interface RawBattery {
  readonly name: string;
  readonly uniqueName: string;
  /** GetItems calls answered so far (a delayed one counts once its reply is sent). */
  readonly answeredGetItems: number;
  /** Sends a signal with any signature and body. */
  signal(path: string, member: string, signature: string, body: unknown[]): void;
  /** Sets a value and announces it with PropertiesChanged, as an old vedbus does. */
  set(path: string, value: dbus.Variant): void;
  /** Resolves once the bus has routed everything this battery sent before. */
  sync(): Promise<void>;
  stop(): Promise<void>;
}

export async function startRawBattery(
  address: string,
  name: string,
  values: Record<string, dbus.Variant>,
  getItems: GetItemsBehaviour,
  /** RequestName flags; DO_NOT_QUEUE is always added. */
  nameFlags = 0,
): Promise<RawBattery> {
  const bus = dbus.sessionBus({ busAddress: address });
  await new Promise<void>((resolve, reject) => {
    bus.once('connect', () => resolve());
    bus.once('error', reject);
  });
  const items = new Map(Object.entries(values));
  let answered = 0;
  let first = true;
  let readable = getItems.kind !== 'unreadable-until-set';
  const refuse = (msg: dbus.Message) =>
    // dbus-next's typings say newError takes a string; its code takes the call it answers.
    bus.send(Message.newError(msg as unknown as string, 'org.freedesktop.DBus.Python.RuntimeError', 'not ready on purpose'));
  const timers = new Set<NodeJS.Timeout>();

  const allItems = () => Object.fromEntries([...items].map(([path, value]) => [path, { Value: value, Text: new Variant('s', String(value.value)) }]));
  const answerGetItems = (msg: dbus.Message) => {
    bus.send(Message.newMethodReturn(msg, 'a{sa{sv}}', [allItems()]));
    answered++;
  };

  bus.addMethodHandler((msg: dbus.Message): boolean => {
    if (msg.type !== MessageType.METHOD_CALL || (msg.interface && msg.interface !== BUS_ITEM)) return false;
    if (!readable && msg.path === '/' && (msg.member === 'GetItems' || msg.member === 'GetValue')) {
      refuse(msg);
      return true;
    }
    if (msg.member === 'GetItems' && msg.path === '/') {
      switch (getItems.kind) {
        case 'unknown':
          return false;
        case 'error':
          bus.send(Message.newError(msg as unknown as string, getItems.errorName, 'GetItems failed on purpose'));
          return true;
        case 'garbage':
          bus.send(Message.newMethodReturn(msg, 's', ['not a dict']));
          return true;
        case 'answer':
        case 'unreadable-until-set': {
          const delayMs = first && getItems.kind === 'answer' ? getItems.delayMs ?? 0 : 0;
          first = false;
          const timer = setTimeout(() => {
            timers.delete(timer);
            answerGetItems(msg);
          }, delayMs);
          timers.add(timer);
          return true;
        }
      }
    }
    if (msg.member === 'GetValue') {
      if (msg.path === '/') {
        const relative = Object.fromEntries([...items].map(([path, value]) => [path.slice(1), value]));
        bus.send(Message.newMethodReturn(msg, 'v', [new Variant('a{sv}', relative)]));
        return true;
      }
      const value = items.get(msg.path);
      if (!value) return false;
      bus.send(Message.newMethodReturn(msg, 'v', [value]));
      return true;
    }
    return false;
  });

  const reply = await bus.requestName(name, nameFlags | dbus.NameFlag.DO_NOT_QUEUE);
  if (reply !== dbus.RequestNameReply.PRIMARY_OWNER) throw new Error(`${name} is taken`);

  return {
    name,
    uniqueName: (bus as unknown as { name: string }).name,
    get answeredGetItems() {
      return answered;
    },
    signal(path, member, signature, body) {
      bus.send(Message.newSignal(path, BUS_ITEM, member, signature, body));
    },
    set(path, value) {
      items.set(path, value);
      readable = true;
      const nonFinite = value.signature === 'd' && !Number.isFinite(value.value);
      const sent = nonFinite ? new Variant('d', STAND_IN) : value;
      const signal = Message.newSignal(path, BUS_ITEM, 'PropertiesChanged', 'a{sv}', [{ Value: sent, Text: new Variant('s', String(value.value)) }]);
      if (nonFinite) sendWithDouble(bus, signal, value.value as number);
      else bus.send(signal);
    },
    async sync() {
      await bus.call(new Message({ destination: 'org.freedesktop.DBus', path: '/org/freedesktop/DBus', interface: 'org.freedesktop.DBus', member: 'GetId' }));
    },
    async stop() {
      for (const timer of timers) clearTimeout(timer);
      bus.disconnect(); // the bus releases the name; a ReleaseName call would never settle on a dead bus
    },
  };
}

/** A double no test sends, marshalled in place of a non-finite one. */
const STAND_IN = 1.25e-300;

/**
 * Sends a message whose stand-in double is replaced by `actual` on the wire: dbus-next refuses to marshal
 * NaN and ±Infinity, but a Python driver sends them.
 */
function sendWithDouble(bus: dbus.MessageBus, msg: dbus.Message, actual: number): void {
  const stream = (bus as unknown as { _connection: { stream: { write(chunk: unknown): boolean } } })._connection.stream;
  const write = stream.write;
  const standIn = Buffer.alloc(8);
  standIn.writeDoubleLE(STAND_IN);
  stream.write = function (chunk: unknown) {
    stream.write = write;
    const data = Buffer.isBuffer(chunk) ? chunk : (chunk as { data: Buffer }).data;
    data.writeDoubleLE(actual, data.indexOf(standIn));
    return write.call(this, chunk);
  };
  bus.send(msg);
}
