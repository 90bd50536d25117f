import { createServer, type Server, type Socket } from 'node:net';
import { FileJournal } from '../storage/journal.js';
import { Store } from '../storage/store.js';
import { Dispatcher } from './dispatcher.js';
import { createLogger, type LogLevel } from './logger.js';
import { serveConnection } from './connection.js';
import { startTtlMonitor } from './ttl-monitor.js';

export interface ServerOptions {
  port?: number;
  host?: string;
  dataDir?: string;
  logLevel?: LogLevel;
  /** How often documents past a TTL index's `expireAfterSeconds` are deleted (mongod: 60 s). */
  ttlMonitorIntervalMs?: number;
  /**
   * mongod's `transactionLifetimeLimitSeconds` (default 60): a transaction older than this is
   * aborted; `setParameter` changes it at runtime.
   */
  transactionLifetimeLimitSeconds?: number;
  /** mongod's `enableTestCommands` (default off): `configureFailPoint` (failCommand) exists. */
  enableTestCommands?: boolean;
}

/** How often expired transactions are aborted even if nothing touches them. */
const TRANSACTION_REAPER_INTERVAL_MS = 1000;

export interface RunningServer {
  host: string;
  port: number;
  uri: string;
  stop(): Promise<void>;
}

export const REPLICA_SET_NAME = 'rs0';

/**
 * Listens for MongoDB clients. The URI uses directConnection=true: the server presents itself as
 * the primary of a one-node replica set (so sessions and transactions work) while the drivers
 * skip replica-set discovery, which makes the advertised host name irrelevant.
 */
export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const log = createLogger(options.logLevel ?? 'warn');
  const host = options.host ?? '127.0.0.1';
  const store = new Store();
  const journal = options.dataDir ? await FileJournal.open(options.dataDir, store) : undefined;
  store.journal = journal;
  const sockets = new Set<Socket>();
  const identity = { address: '', replicaSetName: REPLICA_SET_NAME, startedAt: new Date() };
  const lifetime = options.transactionLifetimeLimitSeconds;
  if (lifetime !== undefined && (!Number.isInteger(lifetime) || lifetime < 1))
    throw new Error(`transactionLifetimeLimitSeconds must be an integer ≥ 1, got ${lifetime}`);
  const dispatcher = new Dispatcher(store, identity, log, {
    transactionLifetimeLimitSeconds: lifetime,
    enableTestCommands: options.enableTestCommands,
  });
  const ttlMonitor = startTtlMonitor(store, dispatcher, log, options.ttlMonitorIntervalMs);
  const reaper = setInterval(
    () => dispatcher.transactions.abortExpired(),
    TRANSACTION_REAPER_INTERVAL_MS,
  );
  reaper.unref();
  let connections = 0;

  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    serveConnection(socket, ++connections, dispatcher, log);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) => {
      clearInterval(reaper);
      void ttlMonitor.stop();
      void journal?.close();
      reject(error);
    });
    server.listen(options.port ?? 27017, host, () => {
      server.removeAllListeners('error');
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : (options.port ?? 27017);
  const clientHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  identity.address = `${clientHost}:${port}`;
  const uri = `mongodb://${clientHost}:${port}/?directConnection=true`;
  log.info('listening', { uri });

  let stopped: Promise<void> | undefined;
  return {
    host: clientHost,
    port,
    uri,
    stop() {
      stopped ??= (async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          for (const socket of sockets) socket.destroy();
        });
        clearInterval(reaper);
        await ttlMonitor.stop();
        await journal?.close();
      })();
      return stopped;
    },
  };
}
