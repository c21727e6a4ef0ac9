/**
 * Reads D-Bus wire format from one message held in a Buffer, in either byte order. Alignment is relative
 * to the message start. Reads past the end throw (a RangeError from Buffer), which callers treat as a
 * malformed message; dbus-daemon validates what it routes, so that is a defect of the peer, not ours.
 */
export class WireReader {
  offset = 0;
  private start = 0;
  private end = 0;
  private little = true;
  private buffer: Buffer = Buffer.alloc(0);

  /** Reads the message in `buffer[start, end)`; its first byte says the byte order. */
  reset(buffer: Buffer, start: number, end: number): void {
    this.buffer = buffer;
    this.start = start;
    this.end = end;
    this.offset = start;
    this.little = buffer[start] === LITTLE_ENDIAN;
  }

  align(boundary: number): void {
    this.offset = this.start + ((this.offset - this.start + boundary - 1) & ~(boundary - 1));
  }

  byte(): number {
    this.check(1);
    return this.buffer[this.offset++]!;
  }

  uint16(): number {
    this.align(2);
    this.check(2);
    const value = this.little ? this.buffer.readUInt16LE(this.offset) : this.buffer.readUInt16BE(this.offset);
    this.offset += 2;
    return value;
  }

  int16(): number {
    this.align(2);
    this.check(2);
    const value = this.little ? this.buffer.readInt16LE(this.offset) : this.buffer.readInt16BE(this.offset);
    this.offset += 2;
    return value;
  }

  uint32(): number {
    this.align(4);
    this.check(4);
    const value = this.little ? this.buffer.readUInt32LE(this.offset) : this.buffer.readUInt32BE(this.offset);
    this.offset += 4;
    return value;
  }

  int32(): number {
    this.align(4);
    this.check(4);
    const value = this.little ? this.buffer.readInt32LE(this.offset) : this.buffer.readInt32BE(this.offset);
    this.offset += 4;
    return value;
  }

  int64(): bigint {
    this.align(8);
    this.check(8);
    const value = this.little ? this.buffer.readBigInt64LE(this.offset) : this.buffer.readBigInt64BE(this.offset);
    this.offset += 8;
    return value;
  }

  uint64(): bigint {
    this.align(8);
    this.check(8);
    const value = this.little ? this.buffer.readBigUInt64LE(this.offset) : this.buffer.readBigUInt64BE(this.offset);
    this.offset += 8;
    return value;
  }

  double(): number {
    this.align(8);
    this.check(8);
    const value = this.little ? this.buffer.readDoubleLE(this.offset) : this.buffer.readDoubleBE(this.offset);
    this.offset += 8;
    return value;
  }

  /** A string or object path: uint32 byte length, UTF-8 bytes, a NUL. */
  string(): string {
    return this.text(this.uint32());
  }

  /** A signature: one length byte, the bytes, a NUL. */
  signature(): string {
    return this.text(this.byte());
  }

  /** Whether the next string (at its alignment) is exactly `ascii`, consuming it either way. */
  stringIs(ascii: string): boolean {
    const length = this.uint32();
    this.check(length + 1);
    let same = length === ascii.length;
    for (let i = 0; same && i < length; i++) same = this.buffer[this.offset + i] === ascii.charCodeAt(i);
    this.offset += length + 1;
    return same;
  }

  skip(bytes: number): void {
    this.check(bytes);
    this.offset += bytes;
  }

  /** Skips one value of the complete type starting at `signature[at]`; returns where that type ends in the signature. */
  skipValue(signature: string, at: number): number {
    const code = signature[at];
    switch (code) {
      case 'y': this.skip(1); return at + 1;
      case 'n': case 'q': this.align(2); this.skip(2); return at + 1;
      case 'b': case 'i': case 'u': case 'h': this.align(4); this.skip(4); return at + 1;
      case 'x': case 't': case 'd': this.align(8); this.skip(8); return at + 1;
      case 's': case 'o': this.skip(this.uint32() + 1); return at + 1;
      case 'g': this.skip(this.byte() + 1); return at + 1;
      case 'v': {
        const inner = this.signature();
        if (this.skipValue(inner, 0) !== inner.length) throw new RangeError(`variant signature ${inner} is not one type`);
        return at + 1;
      }
      case 'a': {
        const length = this.uint32();
        this.align(alignmentOf(signature[at + 1]));
        this.skip(length);
        return typeEnd(signature, at + 1);
      }
      case '(': case '{': {
        this.align(8);
        let i = at + 1;
        while (signature[i] !== ')' && signature[i] !== '}') {
          if (i >= signature.length) throw new RangeError(`unterminated ${code} in ${signature}`);
          i = this.skipValue(signature, i);
        }
        return i + 1;
      }
      default:
        throw new RangeError(`unknown type code ${String(code)} in ${signature}`);
    }
  }

  private text(length: number): string {
    this.check(length + 1);
    const value = this.buffer.toString('utf8', this.offset, this.offset + length);
    this.offset += length + 1;
    return value;
  }

  private check(bytes: number): void {
    if (this.offset + bytes > this.end) throw new RangeError('message ends early');
  }
}

const LITTLE_ENDIAN = 0x6c; // 'l'

/** The alignment of a value whose type starts with `code`. */
export function alignmentOf(code: string | undefined): number {
  switch (code) {
    case 'n': case 'q': return 2;
    case 'b': case 'i': case 'u': case 'h': case 's': case 'o': case 'a': return 4;
    case 'x': case 't': case 'd': case '(': case '{': return 8;
    default: return 1;
  }
}

/** Where the complete type starting at `signature[at]` ends. */
export function typeEnd(signature: string, at: number): number {
  const code = signature[at];
  if (code === 'a') return typeEnd(signature, at + 1);
  if (code !== '(' && code !== '{') {
    if (code === undefined) throw new RangeError(`signature ${signature} ends early`);
    return at + 1;
  }
  let i = at + 1;
  while (signature[i] !== ')' && signature[i] !== '}') {
    if (i >= signature.length) throw new RangeError(`unterminated ${code} in ${signature}`);
    i = typeEnd(signature, i);
  }
  return i + 1;
}
