import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileJournal } from '../src/storage/journal.js';
import { Store } from '../src/storage/store.js';

const packageDir = new URL('..', import.meta.url).pathname;
const cli = join(packageDir, 'dist', 'cli.js');
const dirs: string[] = [];
const children: ChildProcess[] = [];

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'embedded-mongo-'));
  dirs.push(dir);
  return dir;
}

/** Starts the CLI as a child process and resolves with its URI once it prints the ready line. */
async function startChild(dataDir: string): Promise<{ child: ChildProcess; uri: string }> {
  const child = spawn(
    process.execPath,
    [cli, '--port', '0', '--data-dir', dataDir, '--log-level', 'warn'],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  children.push(child);
  let output = '';
  const uri = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /embedded-mongo listening on (\S+)/.exec(output);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`server exited early (${code}): ${output}`)));
  });
  return { child, uri };
}

function newestSource(dir: string): number {
  return Math.max(
    ...readdirSync(dir, { withFileTypes: true }).map((entry) =>
      entry.isDirectory()
        ? newestSource(join(dir, entry.name))
        : statSync(join(dir, entry.name)).mtimeMs,
    ),
  );
}

beforeAll(() => {
  // The child runs the built CLI (turbo builds before testing); rebuild only when dist is stale.
  if (existsSync(cli) && statSync(cli).mtimeMs >= newestSource(join(packageDir, 'src'))) return;
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], {
    cwd: packageDir,
    stdio: 'inherit',
  });
}, 120_000);

afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('durability', () => {
  it('keeps every acknowledged write across kill -9 and restart', async () => {
    const dataDir = tempDir();
    const first = await startChild(dataDir);
    const client = await new MongoClient(first.uri).connect();
    const coll = client.db('durable').collection('applications');
    await coll.createIndex({ ref: 1 }, { unique: true });
    await coll.insertMany(
      Array.from({ length: 500 }, (_, i) => ({ ref: `A-${i}`, state: 'submitted' })),
    );
    await coll.updateMany({ ref: { $in: ['A-1', 'A-2'] } }, { $set: { state: 'accepted' } });
    await coll.deleteOne({ ref: 'A-3' });
    // Concurrent single writes share fsyncs; each is acknowledged only once durable.
    await Promise.all(Array.from({ length: 100 }, (_, i) => coll.insertOne({ ref: `B-${i}` })));
    const session = client.startSession();
    await session.withTransaction(async () => {
      await coll.insertOne({ ref: 'TX-1' }, { session });
      await coll.updateOne({ ref: 'A-4' }, { $set: { state: 'rejected' } }, { session });
    });
    await session.endSession();

    first.child.kill('SIGKILL');
    await once(first.child, 'exit');
    await client.close(true);

    const second = await startChild(dataDir);
    const reader = await new MongoClient(second.uri).connect();
    const again = reader.db('durable').collection('applications');
    expect(await again.countDocuments()).toBe(500 - 1 + 100 + 1);
    expect(await again.countDocuments({ state: 'accepted' })).toBe(2);
    expect(await again.findOne({ ref: 'A-3' })).toBeNull();
    expect(await again.findOne({ ref: 'A-4' })).toMatchObject({ state: 'rejected' });
    expect(await again.findOne({ ref: 'TX-1' })).not.toBeNull();
    const duplicate = await again.insertOne({ ref: 'A-0' }).catch((e) => e);
    expect(duplicate.code).toBe(11000);
    await reader.close();
    second.child.kill('SIGTERM');
    const [code] = await once(second.child, 'exit');
    expect(code).toBe(0);
  });
});

describe('journal', () => {
  it('compacts into a snapshot and replays snapshot + journal', async () => {
    const dataDir = tempDir();
    const store = new Store();
    const journal = await FileJournal.open(dataDir, store, { compactAfterBytes: 20_000 });
    store.journal = journal;
    await store.apply([
      {
        op: 'createIndex',
        db: 'd',
        coll: 'c',
        spec: { v: 2, key: { n: 1 }, name: 'n_1', unique: true },
      },
    ]);
    for (let i = 0; i < 400; i++) {
      await store.apply([
        { op: 'insert', db: 'd', coll: 'c', doc: { _id: i, n: i, pad: 'x'.repeat(100) } },
      ]);
    }
    await store.apply([{ op: 'delete', db: 'd', coll: 'c', id: 7 }]);
    expect(existsSync(join(dataDir, 'snapshot.log'))).toBe(true);
    expect(journal.size).toBeLessThan(20_000);
    await journal.close();

    const reopened = new Store();
    const journal2 = await FileJournal.open(dataDir, reopened);
    const collection = reopened.collection('d', 'c')!;
    expect(collection.docs.size).toBe(399);
    expect(collection.indexes.get('n_1')?.spec.unique).toBe(true);
    expect(() => collection.checkUnique({ _id: 1000, n: 5 }, 'n:1000', true)).toThrow(/E11000/);
    await journal2.close();
  });

  it('drops a torn tail record and keeps the rest', async () => {
    const dataDir = tempDir();
    const store = new Store();
    const journal = await FileJournal.open(dataDir, store);
    store.journal = journal;
    await store.apply([{ op: 'insert', db: 'd', coll: 'c', doc: { _id: 1 } }]);
    await store.apply([{ op: 'insert', db: 'd', coll: 'c', doc: { _id: 2 } }]);
    await journal.close();
    const good = statSync(join(dataDir, 'journal.log')).size;
    appendFileSync(join(dataDir, 'journal.log'), Buffer.from([200, 0, 0, 0, 1, 2, 3]));

    const reopened = new Store();
    const journal2 = await FileJournal.open(dataDir, reopened);
    expect(reopened.collection('d', 'c')!.docs.size).toBe(2);
    expect(statSync(join(dataDir, 'journal.log')).size).toBe(good);
    await journal2.close();
  });
});
