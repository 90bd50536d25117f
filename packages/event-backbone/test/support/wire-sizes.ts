// Sizes of the Kafka requests this process writes to a broker, read off the sockets themselves:
// kafkajs writes each request with one socket.write (4-byte size, then the API key).
import net from 'node:net';

const PRODUCE_API_KEY = 0;

/** Records the size of every produce request written to `brokerPort` until the returned stop(). */
export function watchProduceRequests(brokerPort: number): { sizes: number[]; stop(): void } {
  const sizes: number[] = [];
  const original = net.Socket.prototype.write;
  net.Socket.prototype.write = function (this: net.Socket, chunk: unknown, ...rest: unknown[]) {
    if (this.remotePort === brokerPort && Buffer.isBuffer(chunk) && chunk.length >= 6) {
      if (chunk.readInt16BE(4) === PRODUCE_API_KEY) sizes.push(chunk.readInt32BE(0));
    }
    return (original as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
  } as typeof original;
  return {
    sizes,
    stop: () => {
      net.Socket.prototype.write = original;
    },
  };
}
