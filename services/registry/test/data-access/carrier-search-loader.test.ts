import { start } from '@shuangchuang/embedded-mongo';
import { needsEmbeddedServers } from '@shuangchuang/test-infrastructure';
import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { CarrierSearchLoader } from '../../src/data-access/carrier-search-loader.js';
import { registryModels } from '../../src/data-access/models.js';
import { CarrierSearchIndex } from '../../src/search/carrier-search-index.js';

const stopsTheDatabase = needsEmbeddedServers('the search index poll with the database stopped');

describe.skipIf(stopsTheDatabase)(
  'keeping the in-memory search index fed from the database',
  () => {
    it('reports a failed poll while the database is away and keeps polling, without crashing the process', async () => {
      const server = await start({ port: 0 });
      const connection = await mongoose
        .createConnection(server.uri, { dbName: 'search-index', serverSelectionTimeoutMS: 300 })
        .asPromise();
      const index = new CarrierSearchLoader(
        registryModels(connection).carriers,
        new CarrierSearchIndex(),
      );
      await index.load();
      const failures: unknown[] = [];
      const unhandled: unknown[] = [];
      const onUnhandled = (reason: unknown) => unhandled.push(reason);
      process.on('unhandledRejection', onUnhandled);
      try {
        await server.stop();
        index.startPolling(50, (error) => failures.push(error));
        await expect.poll(() => failures.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
        expect(unhandled).toEqual([]);
      } finally {
        process.off('unhandledRejection', onUnhandled);
        await index.stop();
        await connection.close();
      }
    });
  },
);
