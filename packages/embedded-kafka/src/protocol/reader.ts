/** Thrown when a request body does not match the schema of its API version. */
export class DecodeError extends Error {
  override name = 'DecodeError';
}

/** Bounds-checked big-endian reader over one request frame. */
export class Reader {
  offset = 0;

  constructor(private readonly buf: Buffer) {}

  get remaining(): number {
    return this.buf.length - this.offset;
  }

  private take(n: number): number {
    if (n < 0 || this.offset + n > this.buf.length) {
      throw new DecodeError(`need ${n} bytes at ${this.offset}, frame has ${this.buf.length}`);
    }
    const at = this.offset;
    this.offset += n;
    return at;
  }

  int8(): number {
    return this.buf.readInt8(this.take(1));
  }

  int16(): number {
    return this.buf.readInt16BE(this.take(2));
  }

  int32(): number {
    return this.buf.readInt32BE(this.take(4));
  }

  int64(): number {
    return Number(this.buf.readBigInt64BE(this.take(8)));
  }

  boolean(): boolean {
    return this.int8() !== 0;
  }

  nullableString(): string | null {
    const len = this.int16();
    if (len === -1) return null;
    const at = this.take(len);
    return this.buf.toString('utf8', at, at + len);
  }

  string(): string {
    const value = this.nullableString();
    if (value === null) throw new DecodeError('unexpected null string');
    return value;
  }

  nullableBytes(): Buffer | null {
    const len = this.int32();
    if (len === -1) return null;
    const at = this.take(len);
    return this.buf.subarray(at, at + len);
  }

  bytes(): Buffer {
    return this.nullableBytes() ?? Buffer.alloc(0);
  }

  nullableArray<T>(readItem: (r: Reader) => T): T[] | null {
    const count = this.int32();
    if (count === -1) return null;
    // Every item takes at least one byte: a larger count can only come from a corrupt frame.
    if (count < 0 || count > this.remaining) throw new DecodeError(`bad array length ${count}`);
    const items: T[] = [];
    for (let i = 0; i < count; i++) items.push(readItem(this));
    return items;
  }

  array<T>(readItem: (r: Reader) => T): T[] {
    return this.nullableArray(readItem) ?? [];
  }
}
