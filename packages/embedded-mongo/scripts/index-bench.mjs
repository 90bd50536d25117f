// Index micro-benchmark on the store in-process (no wire, no driver): inserts into a collection
// with a 20-key multikey index, an index build on a full collection, journal replay with indexes,
// and indexed find throughput. Run after `npm run build`:
//   node scripts/index-bench.mjs   (DOCS=50000 KEYS=20 BUDGET_S=60 ROUNDS=3 PHASES=insert,build,replay,find)
// A phase that passes BUDGET_S stops and reports its rate so far.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// DIST=<path to another build's dist/> compares with that build in the same conditions.
const dist = process.env.DIST ?? new URL('../dist/', import.meta.url).pathname;
const { FileJournal } = await import(join(dist, 'storage/journal.js'));
const { Store } = await import(join(dist, 'storage/store.js'));
const { TransactionManager } = await import(join(dist, 'storage/transactions.js'));
const { DataView } = await import(join(dist, 'storage/view.js'));

const DOCS = Number(process.env.DOCS ?? 50_000);
const KEYS = Number(process.env.KEYS ?? 20);
const BUDGET_MS = Number(process.env.BUDGET_S ?? 60) * 1000;
const ROUNDS = Number(process.env.ROUNDS ?? 3);
// Phases to run (comma-separated): insert, build, replay, find.
const PHASES = new Set((process.env.PHASES ?? 'insert,build,replay,find').split(','));
const VOCABULARY = 20_000;

// Deterministic pseudo-random tokens, so every run indexes the same data.
let seed = 42;
const random = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
const article = (i) => ({
  _id: `a-${i}`,
  slug: `article-${i}`,
  tokens: Array.from({ length: KEYS }, () => `w${Math.floor(random() * VOCABULARY)}`),
});

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const view = (store) => new DataView(store, new TransactionManager(store));

function insertAll(store, docs) {
  const started = performance.now();
  let done = 0;
  for (const doc of docs) {
    view(store).insert('bench', 'articles', doc);
    done++;
    if ((done & 255) === 0 && performance.now() - started > BUDGET_MS) break;
  }
  const ms = performance.now() - started;
  return { done, ms, perSecond: (done / ms) * 1000 };
}

function indexSpecs() {
  return [
    { v: 2, key: { tokens: 1 }, name: 'tokens_1' },
    { v: 2, key: { slug: 1 }, name: 'slug_1', unique: true },
  ];
}

function createIndexes(store) {
  for (const spec of indexSpecs())
    store.applyInMemory([{ op: 'createIndex', db: 'bench', coll: 'articles', spec }]);
}

function findRate(store, filterOf, count = 20_000) {
  const v = view(store);
  const started = performance.now();
  let found = 0;
  for (let i = 0; i < count; i++) found += v.find('bench', 'articles', filterOf(i)).length;
  const ms = performance.now() - started;
  return { perSecond: (count / ms) * 1000, found };
}

const docs = Array.from({ length: DOCS }, (_, i) => article(i));
const results = { insert: [], build: [], replay: [], findToken: [], findSlug: [] };
let partial = false;
for (let round = 0; round < ROUNDS; round++) {
  // 1. Inserts one by one into an indexed collection.
  const store = new Store();
  store.applyInMemory([{ op: 'createCollection', db: 'bench', coll: 'articles', options: {} }]);
  createIndexes(store);
  const inserted = PHASES.has('insert') ? insertAll(store, docs) : { done: DOCS, perSecond: NaN };
  results.insert.push(inserted.perSecond);
  if (inserted.done < DOCS) partial = true;

  // 2. Index build on a full collection.
  const bare = new Store();
  bare.applyInMemory([{ op: 'createCollection', db: 'bench', coll: 'articles', options: {} }]);
  insertAll(bare, docs);
  let started = performance.now();
  if (PHASES.has('build') || PHASES.has('find')) createIndexes(bare);
  results.build.push(performance.now() - started);

  // 3. Journal replay of the same data with its indexes.
  if (PHASES.has('replay')) {
    const dir = mkdtempSync(join(tmpdir(), 'index-bench-'));
    const durable = new Store();
    durable.journal = await FileJournal.open(dir, durable);
    await durable.apply([{ op: 'createCollection', db: 'bench', coll: 'articles', options: {} }]);
    for (const spec of indexSpecs())
      await durable.apply([{ op: 'createIndex', db: 'bench', coll: 'articles', spec }]);
    for (let i = 0; i < inserted.done; i += 1000) {
      await durable.apply(
        docs
          .slice(i, Math.min(i + 1000, inserted.done))
          .map((doc) => ({ op: 'insert', db: 'bench', coll: 'articles', doc })),
      );
    }
    await durable.journal.close();
    const replayed = new Store();
    started = performance.now();
    const reopened = await FileJournal.open(dir, replayed);
    results.replay.push(performance.now() - started);
    await reopened.close();
    rmSync(dir, { recursive: true, force: true });
  }

  // 4. Indexed finds.
  if (!PHASES.has('find')) continue;
  results.findToken.push(findRate(bare, (i) => ({ tokens: `w${i % VOCABULARY}` })).perSecond);
  results.findSlug.push(findRate(bare, (i) => ({ slug: `article-${i % DOCS}` })).perSecond);
}

const rate = (values) => Math.round(median(values)).toLocaleString('en');
console.log(
  `${DOCS} documents, ${KEYS}-key multikey index + unique slug index, median of ${ROUNDS} rounds, node ${process.version}`,
);
console.log(
  `insert one by one          ${rate(results.insert)} docs/s${partial ? ` (stopped at the ${BUDGET_MS / 1000} s budget)` : ''}`,
);
console.log(`createIndexes on full coll ${Math.round(median(results.build))} ms`);
console.log(`journal replay at start-up ${Math.round(median(results.replay))} ms`);
console.log(`find {tokens: w}           ${rate(results.findToken)} finds/s`);
console.log(`find {slug: s} (unique)    ${rate(results.findSlug)} finds/s`);
