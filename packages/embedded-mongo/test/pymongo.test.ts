import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { start } from '../src/index.js';

// Debian's python3-pymongo imports only under the system interpreter.
const PYTHON = '/usr/bin/python3';
const probe = spawnSync(PYTHON, ['-c', 'import pymongo'], { encoding: 'utf8' });
const available = probe.status === 0;
if (!available) {
  console.log(
    `pymongo test skipped: ${PYTHON} cannot import pymongo (${(probe.error?.message ?? probe.stderr).trim().split('\n').pop()}); install python3-pymongo`,
  );
}

let server: Awaited<ReturnType<typeof start>>;

beforeAll(async () => {
  if (available) server = await start({ port: 0, logLevel: 'silent' });
});

afterAll(async () => {
  await server?.stop();
});

describe.skipIf(!available)('pymongo (Debian python3-pymongo)', () => {
  it('inserts, queries with filters and sorts, updates and aggregates', async () => {
    const script = new URL('./pymongo_client.py', import.meta.url).pathname;
    const { stdout } = await promisify(execFile)(PYTHON, [script, server.uri], { timeout: 60_000 });
    expect(JSON.parse(stdout)).toEqual({
      server: '6.0.0',
      filtered: ['启迪之星（德州）', '海创空间'],
      modified: 1,
      nursery: { level: 'provincial', residents: 10 },
      grouped: [
        { _id: 'national', total: 40 },
        { _id: 'provincial', total: 35 },
      ],
      duplicate: 11000,
      objectId: true,
      count: 3,
    });
  });
});
