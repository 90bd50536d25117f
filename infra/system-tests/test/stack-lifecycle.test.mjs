// The local stack's own controls, which the chaos suite and `npm start` rely on: kill and restart a
// part in place (same address, same data), and a second start on the same data directory.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createRegistryClient } from '@shuangchuang/contracts';
import { needsEmbeddedServers } from '@shuangchuang/test-infrastructure';
import { connectMongo, eventually, startSystem } from './support/system.mjs';

const dataDir = mkdtempSync(join(tmpdir(), 'system-tests-lifecycle-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

async function searchFinds(gatewayUrl, text) {
  const registry = createRegistryClient({ baseUrl: gatewayUrl });
  const { data } = await registry.GET('/carriers', { params: { query: { q: text } } });
  return (data?.items ?? []).some((c) => c.name.includes(text));
}

async function stored(mongoUrl) {
  const mongo = await connectMongo(mongoUrl);
  try {
    return await mongo.db('lifecycle').collection('marks').countDocuments();
  } finally {
    await mongo.close();
  }
}

const killsTheDatabase = needsEmbeddedServers('the local stack lifecycle (kills the database)');
const embeddedOnly = describe.skipIf(killsTheDatabase);

embeddedOnly('the local stack: kill, restart in place, start again on the same data', () => {
  it('restarts the database and a service where they were, and keeps the data across starts', async () => {
    let stack = await startSystem({ dataDir, services: ['registry'] });
    try {
      await eventually(() => searchFinds(stack.gatewayUrl, '启迪之星'), { what: 'seeded search' });
      const mongo = await connectMongo(stack.mongoUrl);
      await mongo.db('lifecycle').collection('marks').insertOne({ at: new Date() });
      await mongo.close();

      const mongoUrl = stack.mongoUrl;
      await stack.kill('mongo');
      await expect(stack.kill('mongo')).rejects.toThrow('no running mongo');
      await stack.restart('mongo');
      expect(stack.mongoUrl).toBe(mongoUrl);
      expect(await stored(stack.mongoUrl)).toBe(1);
      // The registry was not restarted: it reconnects by itself.
      await eventually(() => searchFinds(stack.gatewayUrl, '启迪之星'), {
        what: 'search after the database came back',
      });

      await expect(stack.restart('registry')).rejects.toThrow('still running');
      await stack.kill('registry');
      await stack.restart('registry');
      expect(await searchFinds(stack.gatewayUrl, '启迪之星')).toBe(true);
    } finally {
      await stack.stop();
    }

    stack = await startSystem({ dataDir, services: ['registry'] });
    try {
      expect(await stored(stack.mongoUrl)).toBe(1);
      await eventually(() => searchFinds(stack.gatewayUrl, '启迪之星'), {
        what: 'search on the second start',
      });
    } finally {
      await stack.stop();
    }
  });
});
