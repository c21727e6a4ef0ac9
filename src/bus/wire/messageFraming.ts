/* eslint-disable @typescript-eslint/no-require-imports -- dbus-next's internals have no typings */

/**
 * Splits the bus connection's byte stream into messages ourselves, in place of dbus-next's reader, so
 * that a tap can take some messages (BusItem signals) straight from their bytes before dbus-next
 * parses them. Every message the tap leaves is parsed exactly as dbus-next's own reader would, and
 * handed on in order. dbus-next looks its reader up on the module at each connection, so replacing
 * the export once, before the first connection, covers all of them.
 */

/** Takes the message in `buffer[start, end)` when it returns true; dbus-next never sees it then. */
export type MessageTap = (buffer: Buffer, start: number, end: number) => boolean;

type RawMessage = Record<string, unknown>;
interface Readable {
  on(event: 'data', listener: (chunk: Buffer & { data?: Buffer }) => void): unknown;
  [TAP]?: MessageTap;
}

const TAP = Symbol('battery-aggregator message tap');
const FIXED_HEADER = 16;

const dbusMessage = require('dbus-next/lib/message') as { unmarshalMessages: unknown };
const DBusBuffer = require('dbus-next/lib/dbus-buffer') as new (buffer: Buffer, start: number, endian: number, fds: unknown, options: unknown) => {
  readArray(type: unknown, length: number): Array<[number, [unknown, [unknown]]]>;
  align(power: number): void;
  read(signature: string): unknown[];
};
const headerSignature = require('dbus-next/lib/header-signature.json') as Array<{ child: unknown[] }>;
const { headerTypeName } = require('dbus-next/lib/constants') as { headerTypeName: string[] };

let installed = false;

/** Replaces dbus-next's message reader; idempotent. */
export function installMessageFraming(): void {
  if (installed) return;
  installed = true;
  dbusMessage.unmarshalMessages = frameMessages;
}

/** Sets the tap of the connection reading from `stream`. */
export function setMessageTap(stream: object, tap: MessageTap): void {
  (stream as Readable)[TAP] = tap;
}

/**
 * Reads in flowing mode: a socket's chunk then arrives in the same turn as libuv's read, where 'readable'
 * and `read()` would add a nextTick and a copy of the buffered chunks for every signal. The handshake's
 * 'readable' listener is gone by now; bytes it left buffered flow first.
 */
function frameMessages(stream: Readable, onMessage: (message: RawMessage) => void, options: unknown): void {
  let rest: Buffer | null = null;
  stream.on('data', (chunk) => {
    const data = chunk.data ?? chunk; // a unix-fd socket reads { data, fds }; we never negotiate fds
    const buffer: Buffer = rest ? Buffer.concat([rest, data]) : data;
    let at = 0;
    for (;;) {
      const end = at + messageLength(buffer, at);
      if (end > buffer.length) break;
      const tap = stream[TAP];
      if (!tap?.(buffer, at, end)) onMessage(parseMessage(buffer, at, end, options));
      at = end;
    }
    rest = at < buffer.length ? buffer.subarray(at) : null;
  });
}

/** The whole length of the message starting at `at`, or Infinity while its fixed header is incomplete. */
function messageLength(buffer: Buffer, at: number): number {
  if (buffer.length - at < FIXED_HEADER) return Infinity;
  const little = buffer[at] === 0x6c;
  const bodyLength = little ? buffer.readUInt32LE(at + 4) : buffer.readUInt32BE(at + 4);
  const fieldsLength = little ? buffer.readUInt32LE(at + 12) : buffer.readUInt32BE(at + 12);
  return FIXED_HEADER + ((fieldsLength + 7) & ~7) + bodyLength;
}

/** What dbus-next's reader hands its connection: header fields by name, type, flags, serial, body. */
function parseMessage(buffer: Buffer, start: number, end: number, options: unknown): RawMessage {
  const little = buffer[start] === 0x6c;
  const fieldsLength = little ? buffer.readUInt32LE(start + 12) : buffer.readUInt32BE(start + 12);
  const bodyLength = little ? buffer.readUInt32LE(start + 4) : buffer.readUInt32BE(start + 4);
  const reader = new DBusBuffer(buffer.subarray(start + FIXED_HEADER, end), 0, buffer[start]!, undefined, options);
  const fields = reader.readArray(headerSignature[0]!.child[0], fieldsLength);
  reader.align(3);
  const message: RawMessage = { serial: little ? buffer.readUInt32LE(start + 8) : buffer.readUInt32BE(start + 8) };
  for (const [code, [, [value]]] of fields) message[headerTypeName[code]!] = value;
  message.type = buffer[start + 1];
  message.flags = buffer[start + 2];
  if (bodyLength > 0 && message.signature) message.body = reader.read(message.signature as string);
  return message;
}
