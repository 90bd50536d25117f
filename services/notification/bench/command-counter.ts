// A TCP proxy between a service and the database that counts the commands the service sends, by
// name (the first key of each OP_MSG's body), so the benchmark can say how many round trips each
// step costs. It only reads the 16-byte header and the command's name; bytes pass as they are.
import net from 'node:net';

export interface CommandCounter {
  /** the proxy's port: give the service `mongodb://127.0.0.1:<port>/?directConnection=true` */
  port: number;
  /** commands seen so far, by name */
  snapshot(): Map<string, number>;
  close(): Promise<void>;
}

const OP_MSG = 2013;
/** The drivers' own housekeeping, not the service's work. */
const HOUSEKEEPING = new Set(['hello', 'isMaster', 'ismaster', 'ping', 'endSessions', 'buildInfo']);

function commandName(message: Buffer): string | undefined {
  if (message.readInt32LE(12) !== OP_MSG) return undefined;
  // header (16), flagBits (4), section kind 0 (1), document size (4), element type (1), name
  const start = 16 + 4 + 1 + 4 + 1;
  if (message[20] !== 0 || message.length <= start) return undefined;
  const end = message.indexOf(0, start);
  return end > start ? message.toString('latin1', start, end) : undefined;
}

export async function startCommandCounter(target: {
  host: string;
  port: number;
}): Promise<CommandCounter> {
  const counts = new Map<string, number>();
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(target.port, target.host);
    sockets.add(client).add(upstream);
    let pending: Buffer = Buffer.alloc(0);
    client.on('data', (chunk: Buffer) => {
      upstream.write(chunk);
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      while (pending.length >= 16) {
        const length = pending.readInt32LE(0);
        if (pending.length < length) break;
        const name = commandName(pending.subarray(0, length));
        if (name && !HOUSEKEEPING.has(name)) counts.set(name, (counts.get(name) ?? 0) + 1);
        pending = pending.subarray(length);
      }
    });
    upstream.pipe(client);
    const close = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', close).on('close', close);
    upstream.on('error', close).on('close', close);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    snapshot: () => new Map(counts),
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** `after − before` per command name, divided by `per`, largest first. */
export function commandsPer(
  before: Map<string, number>,
  after: Map<string, number>,
  per: number,
): { total: number; byName: [string, number][] } {
  const byName = [...after]
    .map(([name, count]): [string, number] => [name, (count - (before.get(name) ?? 0)) / per])
    .filter(([, count]) => count > 0)
    .sort((a, b) => b[1] - a[1]);
  return { total: byName.reduce((sum, [, count]) => sum + count, 0), byName };
}
