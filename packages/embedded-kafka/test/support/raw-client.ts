import net from 'node:net';
import { ApiKey } from '../../src/protocol/api-keys.js';
import { Reader } from '../../src/protocol/reader.js';
import { Writer } from '../../src/protocol/writer.js';

/** A bare Kafka-protocol socket for requests kafkajs would never send. */
export class RawClient {
  private buffered = Buffer.alloc(0);
  private readonly waiting: ((frame: Buffer) => void)[] = [];
  readonly closed: Promise<void>;
  private correlationId = 1;

  private constructor(readonly socket: net.Socket) {
    socket.on('data', (data) => {
      this.buffered = Buffer.concat([this.buffered, data]);
      while (
        this.buffered.length >= 4 &&
        this.buffered.length >= 4 + this.buffered.readInt32BE(0)
      ) {
        const size = this.buffered.readInt32BE(0);
        const frame = this.buffered.subarray(4, 4 + size);
        this.buffered = this.buffered.subarray(4 + size);
        this.waiting.shift()?.(frame);
      }
    });
    socket.on('error', () => {});
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
  }

  static connect(port: number, host = '127.0.0.1'): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(port, host, () => resolve(new RawClient(socket)));
      socket.once('error', reject);
    });
  }

  /** Sends raw bytes as they are. */
  write(bytes: Buffer): void {
    this.socket.write(bytes);
  }

  /** Sends one request (header v1 + body) and resolves with the response body after the correlation id. */
  request(apiKey: number, apiVersion: number, body: (w: Writer) => void): Promise<Reader> {
    const w = new Writer();
    const correlationId = this.correlationId++;
    w.int32(0).int16(apiKey).int16(apiVersion).int32(correlationId).nullableString('raw-client');
    body(w);
    const frame = w.toBuffer();
    frame.writeInt32BE(frame.length - 4, 0);
    const response = new Promise<Reader>((resolve, reject) => {
      this.waiting.push((payload) => {
        const r = new Reader(payload);
        if (r.int32() !== correlationId) reject(new Error('correlation id mismatch'));
        resolve(r);
      });
      void this.closed.then(() => reject(new Error('connection closed')));
    });
    this.socket.write(frame);
    return response;
  }

  close(): void {
    this.socket.destroy();
  }
}

/** Produce v3 of raw record bytes to partition 0 of `topic`; the partition's answer. */
export async function rawProduce(client: RawClient, topic: string, records: Buffer, acks = 1) {
  const r = await client.request(ApiKey.Produce, 3, (w: Writer) => {
    w.nullableString(null).int16(acks).int32(10_000);
    w.array([topic], (w, name) => {
      w.string(name).array([0], (w, index) => void w.int32(index).bytes(records));
    });
  });
  const [result] = r.array((r: Reader) => ({
    name: r.string(),
    partitions: r.array((r) => ({
      index: r.int32(),
      errorCode: r.int16(),
      baseOffset: r.int64(),
      appendTime: r.int64(),
    })),
  }));
  return result!.partitions[0]!;
}
