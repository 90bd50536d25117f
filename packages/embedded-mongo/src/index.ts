import { startServer, type RunningServer } from './server/server.js';

export type { LogLevel } from './server/logger.js';
export type { RunningServer, ServerOptions } from './server/server.js';

/**
 * Starts a MongoDB-wire-compatible server. `port: 0` picks a free port; without `dataDir` all
 * data lives in memory. The returned `uri` works as-is with mongoose and the mongodb driver.
 */
export async function start(options?: {
  port?: number;
  host?: string;
  dataDir?: string;
  logLevel?: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  /** How often documents past a TTL index's `expireAfterSeconds` are deleted (default 60 s). */
  ttlMonitorIntervalMs?: number;
  /** mongod's `transactionLifetimeLimitSeconds` (default 60; `setParameter` changes it later). */
  transactionLifetimeLimitSeconds?: number;
  /** mongod's `enableTestCommands`: `configureFailPoint` (failCommand) for tests of failures. */
  enableTestCommands?: boolean;
}): Promise<{ host: string; port: number; uri: string; stop(): Promise<void> }> {
  const server: RunningServer = await startServer(options);
  return server;
}
