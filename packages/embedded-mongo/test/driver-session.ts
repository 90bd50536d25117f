import { MongoClient } from 'mongodb';
import { afterAll, beforeAll } from 'vitest';
import { start } from '../src/index.js';

/**
 * A server started for the test file and the official driver connected to it, stopped after
 * the file's tests; the fields are set once `beforeAll` has run.
 */
export function serverWithDriver(): {
  server: Awaited<ReturnType<typeof start>>;
  client: MongoClient;
} {
  const running = {} as { server: Awaited<ReturnType<typeof start>>; client: MongoClient };
  beforeAll(async () => {
    running.server = await start({ port: 0, logLevel: 'silent' });
    running.client = await new MongoClient(running.server.uri).connect();
  });
  afterAll(async () => {
    await running.client?.close();
    await running.server?.stop();
  });
  return running;
}
