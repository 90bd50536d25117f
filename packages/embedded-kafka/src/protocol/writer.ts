/** Growable big-endian writer for response bodies. */
export class Writer {
  private buf: Buffer;
  private length = 0;

  constructor(initialSize = 256) {
    this.buf = Buffer.allocUnsafe(initialSize);
  }

  /** Makes room for n bytes; call it before reading `this.buf`, which it may replace. */
  private reserve(n: number): number {
    if (this.length + n > this.buf.length) {
      const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.length + n));
      this.buf.copy(next, 0, 0, this.length);
      this.buf = next;
    }
    const at = this.length;
    this.length += n;
    return at;
  }

  int8(value: number): this {
    const at = this.reserve(1);
    this.buf.writeInt8(value, at);
    return this;
  }

  int16(value: number): this {
    const at = this.reserve(2);
    this.buf.writeInt16BE(value, at);
    return this;
  }

  int32(value: number): this {
    const at = this.reserve(4);
    this.buf.writeInt32BE(value, at);
    return this;
  }

  int64(value: number): this {
    const at = this.reserve(8);
    this.buf.writeBigInt64BE(BigInt(value), at);
    return this;
  }

  boolean(value: boolean): this {
    return this.int8(value ? 1 : 0);
  }

  nullableString(value: string | null): this {
    if (value === null) return this.int16(-1);
    const len = Buffer.byteLength(value);
    this.int16(len);
    const at = this.reserve(len);
    this.buf.write(value, at, 'utf8');
    return this;
  }

  string(value: string): this {
    return this.nullableString(value);
  }

  raw(value: Buffer): this {
    const at = this.reserve(value.length);
    value.copy(this.buf, at);
    return this;
  }

  nullableBytes(value: Buffer | null): this {
    if (value === null) return this.int32(-1);
    this.int32(value.length);
    return this.raw(value);
  }

  bytes(value: Buffer): this {
    return this.nullableBytes(value);
  }

  nullableArray<T>(items: readonly T[] | null, writeItem: (w: Writer, item: T) => void): this {
    if (items === null) return this.int32(-1);
    this.int32(items.length);
    for (const item of items) writeItem(this, item);
    return this;
  }

  array<T>(items: readonly T[], writeItem: (w: Writer, item: T) => void): this {
    return this.nullableArray(items, writeItem);
  }

  toBuffer(): Buffer {
    return this.buf.subarray(0, this.length);
  }
}
