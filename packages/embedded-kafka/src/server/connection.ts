import type { Socket } from 'node:net';
import { FrameDecoder } from '../protocol/frame-decoder.js';
import type { BrokerState } from './broker-state.js';
import { dispatch } from './dispatch.js';

const MAX_QUEUED_REQUESTS = 64;

/**
 * Serves one client connection. Requests are answered one at a time, in order, like Kafka does;
 * anything undecodable closes this connection only.
 */
export function serveConnection(socket: Socket, broker: BrokerState, maxFrameBytes: number): void {
  const decoder = new FrameDecoder(maxFrameBytes);
  const queue: Buffer[] = [];
  const peer = `${socket.remoteAddress}:${socket.remotePort}`;
  const closedSignal = new AbortController();
  let busy = false;
  let closed = false;

  const close = (reason: string) => {
    if (closed) return;
    closed = true;
    broker.log.warn(`closing connection from ${peer}: ${reason}`);
    socket.destroy();
  };

  const drain = async () => {
    if (busy) return;
    busy = true;
    try {
      while (queue.length > 0 && !closed) {
        const response = await dispatch(queue.shift()!, {
          clientHost: socket.remoteAddress ?? '',
          broker,
          connectionClosed: closedSignal.signal,
        });
        if (response && !closed && !socket.write(response)) {
          // Slow reader: stop taking requests until it has drained its replies.
          await new Promise<void>((resolve) => {
            socket.once('drain', resolve);
            socket.once('close', resolve);
          });
        }
      }
    } catch (err) {
      close((err as Error).message);
    } finally {
      busy = false;
      if (!closed) socket.resume();
    }
  };

  socket.setNoDelay(true);
  socket.on('data', (data: Buffer) => {
    if (closed) return;
    try {
      queue.push(...decoder.push(data));
    } catch (err) {
      close((err as Error).message);
      return;
    }
    // Like Kafka muting a channel: a client far ahead of its replies waits for them.
    if (queue.length >= MAX_QUEUED_REQUESTS) socket.pause();
    void drain();
  });
  socket.on('error', (err) => broker.log.debug(`connection ${peer}: ${err.message}`));
  socket.on('close', () => {
    closed = true;
    closedSignal.abort();
    if (decoder.pendingBytes > 0)
      broker.log.debug(`${peer} left mid-request (${decoder.pendingBytes} bytes dropped)`);
  });
}
