import { HEADER_SIZE, MAX_MESSAGE_SIZE } from './opcodes.js';

export class FramingError extends Error {}

/**
 * Cuts a TCP byte stream into whole wire messages. A message announcing a length below the
 * header size or above the limit is a framing error: the connection cannot be resynchronised.
 */
export class MessageFramer {
  private chunks: Buffer[] = [];
  private buffered = 0;

  constructor(private readonly maxMessageSize = MAX_MESSAGE_SIZE) {}

  /** Adds bytes and returns every message now complete. */
  push(chunk: Buffer): Buffer[] {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    const messages: Buffer[] = [];
    while (this.buffered >= 4) {
      const head = this.chunks.length === 1 ? this.chunks[0]! : this.flatten();
      const length = head.readInt32LE(0);
      if (length < HEADER_SIZE || length > this.maxMessageSize) {
        throw new FramingError(
          `message length ${length} outside [${HEADER_SIZE}, ${this.maxMessageSize}]`,
        );
      }
      if (this.buffered < length) break;
      const all = this.flatten();
      messages.push(all.subarray(0, length));
      const rest = all.subarray(length);
      this.chunks = rest.length > 0 ? [rest] : [];
      this.buffered = rest.length;
    }
    return messages;
  }

  private flatten(): Buffer {
    if (this.chunks.length !== 1) this.chunks = [Buffer.concat(this.chunks, this.buffered)];
    return this.chunks[0]!;
  }
}
