/**
 * Writes D-Bus wire format (little-endian) into one growing scratch buffer, reused from message to message
 * so that encoding allocates nothing but the finished copy. Alignment is relative to the message start.
 */
export class WireWriter {
  private buffer = Buffer.allocUnsafe(4096);
  offset = 0;

  reset(): void {
    this.offset = 0;
  }

  /** Pads with zero bytes to a multiple of `boundary`. */
  align(boundary: number): void {
    const padded = (this.offset + boundary - 1) & ~(boundary - 1);
    this.ensure(padded - this.offset);
    while (this.offset < padded) this.buffer[this.offset++] = 0;
  }

  byte(value: number): void {
    this.ensure(1);
    this.buffer[this.offset++] = value;
  }

  uint32(value: number): void {
    this.align(4);
    this.ensure(4);
    this.buffer.writeUInt32LE(value, this.offset);
    this.offset += 4;
  }

  int32(value: number): void {
    this.align(4);
    this.ensure(4);
    this.buffer.writeInt32LE(value, this.offset);
    this.offset += 4;
  }

  int64(value: bigint): void {
    this.align(8);
    this.ensure(8);
    this.buffer.writeBigInt64LE(value, this.offset);
    this.offset += 8;
  }

  double(value: number): void {
    this.align(8);
    this.ensure(8);
    this.buffer.writeDoubleLE(value, this.offset);
    this.offset += 8;
  }

  /** A string or object path: uint32 byte length, UTF-8 bytes, a NUL. */
  string(value: string): void {
    const length = Buffer.byteLength(value, 'utf8');
    this.uint32(length);
    this.ensure(length + 1);
    this.buffer.write(value, this.offset, length, 'utf8');
    this.offset += length;
    this.buffer[this.offset++] = 0;
  }

  /** A signature: one length byte, ASCII, a NUL. */
  signature(value: string): void {
    this.byte(value.length);
    this.ensure(value.length + 1);
    this.buffer.write(value, this.offset, value.length, 'latin1');
    this.offset += value.length;
    this.buffer[this.offset++] = 0;
  }

  /**
   * Starts an array whose elements align to `elementAlignment`; returns the mark `endArray` needs to
   * patch the length in.
   */
  beginArray(elementAlignment: number): number {
    this.uint32(0);
    const lengthAt = this.offset - 4;
    this.align(elementAlignment);
    return lengthAt;
  }

  endArray(lengthAt: number, elementAlignment: number): void {
    const firstElement = (lengthAt + 4 + elementAlignment - 1) & ~(elementAlignment - 1);
    this.buffer.writeUInt32LE(this.offset - firstElement, lengthAt);
  }

  patchUint32(at: number, value: number): void {
    this.buffer.writeUInt32LE(value, at);
  }

  /** A copy of what was written: the scratch buffer is reused at once, the socket may write later. */
  finish(): Buffer {
    const out = Buffer.allocUnsafe(this.offset);
    this.buffer.copy(out, 0, 0, this.offset);
    return out;
  }

  private ensure(bytes: number): void {
    if (this.offset + bytes <= this.buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.offset + bytes));
    this.buffer.copy(grown, 0, 0, this.offset);
    this.buffer = grown;
  }
}
