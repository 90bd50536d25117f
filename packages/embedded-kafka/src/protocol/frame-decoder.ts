/**
 * Splits a TCP byte stream into Kafka frames (int32 size + payload). Pure and synchronous so it
 * can be fuzzed without sockets.
 */
export class FrameTooLargeError extends Error {
  override name = 'FrameTooLargeError';
}

export class FrameDecoder {
  private chunks: Buffer[] = [];
  private buffered = 0;

  constructor(private readonly maxFrameBytes: number) {}

  /** Appends bytes and returns every complete frame payload; throws on a bad size prefix. */
  push(data: Buffer): Buffer[] {
    this.chunks.push(data);
    this.buffered += data.length;
    const frames: Buffer[] = [];
    for (;;) {
      if (this.buffered < 4) break;
      const head = this.peek(4);
      const size = head.readInt32BE(0);
      if (size < 0 || size > this.maxFrameBytes) {
        throw new FrameTooLargeError(`frame size ${size} outside 0..${this.maxFrameBytes}`);
      }
      if (this.buffered < 4 + size) break;
      const whole = this.take(4 + size);
      frames.push(whole.subarray(4));
    }
    return frames;
  }

  /** Bytes of a frame still incomplete: a client that disconnects leaves them here. */
  get pendingBytes(): number {
    return this.buffered;
  }

  private peek(n: number): Buffer {
    if (this.chunks[0]!.length >= n) return this.chunks[0]!;
    const joined = Buffer.concat(this.chunks);
    this.chunks = [joined];
    return joined;
  }

  private take(n: number): Buffer {
    const first = this.peek(n);
    const taken = first.subarray(0, n);
    const rest = first.subarray(n);
    this.chunks[0] = rest;
    if (rest.length === 0) this.chunks.shift();
    this.buffered -= n;
    return taken;
  }
}
