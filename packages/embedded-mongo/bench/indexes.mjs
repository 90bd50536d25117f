// Index micro-benchmark on the store in-process (no wire, no driver): inserts into a collection
// with a 20-key multikey index and a unique index, an index build on a full collection, journal
// replay with indexes, and indexed find throughput, next to a bare sorted-btree holding the same
// entries as the baseline. Part of `npm run bench` (after a build); alone:
//   flock /tmp/bench.lock npm run bench:indexes -w @shuangchuang/embedded-mongo
//   (DOCS=10000 KEYS=20 BUDGET_S=60 ROUNDS=3 PHASES=insert,build,replay,find)
// A phase that passes BUDGET_S stops and reports its rate so far.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRounds, recordBenchmark } from '@shuangchuang/bench-kit';
import BTreeModule from 'sorted-btree';

// DIST=<path to another build's dist/> compares with that build in the same conditions.
const dist = process.env.DIST ?? new URL('../dist/', import.meta.url).pathname;
const { FileJournal } = await import(join(dist, 'storage/journal.js'));
const { Store } = await import(join(dist, 'storage/store.js'));
const { TransactionManager } = await import(join(dist, 'storage/transactions.js'));
const { DataView } = await import(join(dist, 'storage/view.js'));

const DOCS = Number(process.env.DOCS ?? 10_000);
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

const BTree = BTreeModule.default ?? BTreeModule;
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

/** The baseline: the same entries (each token with the document's key, and the slug) inserted
 * one by one into bare sorted-btree trees of strings, then looked up by slug. */
function bareTrees(docs) {
  const tokens = new BTree(undefined, undefined, 64);
  const slugs = new BTree(undefined, undefined, 64);
  let started = performance.now();
  for (const doc of docs) {
    for (const token of doc.tokens) tokens.set(`${token}\u0000${doc._id}`, true);
    slugs.set(doc.slug, doc._id);
  }
  const insert = (docs.length / (performance.now() - started)) * 1000;
  const count = 20_000;
  let found = 0;
  started = performance.now();
  for (let i = 0; i < count; i++) if (slugs.get(`article-${i % docs.length}`)) found++;
  return { insert, lookup: (count / (performance.now() - started)) * 1000, found };
}

const docs = Array.from({ length: DOCS }, (_, i) => article(i));
const results = {
  bare: [],
  bareLookup: [],
  insert: [],
  build: [],
  replay: [],
  findToken: [],
  findSlug: [],
};
let partial = false;
for (let round = 0; round < ROUNDS; round++) {
  const bare = bareTrees(docs);
  results.bare.push(bare.insert);
  results.bareLookup.push(bare.lookup);

  // 1. Inserts one by one into an indexed collection.
  const store = new Store();
  store.applyInMemory([{ op: 'createCollection', db: 'bench', coll: 'articles', options: {} }]);
  createIndexes(store);
  const inserted = PHASES.has('insert') ? insertAll(store, docs) : { done: DOCS, perSecond: NaN };
  results.insert.push(inserted.perSecond);
  if (inserted.done < DOCS) partial = true;

  // 2. Index build on a full collection.
  const full = new Store();
  full.applyInMemory([{ op: 'createCollection', db: 'bench', coll: 'articles', options: {} }]);
  insertAll(full, docs);
  let started = performance.now();
  if (PHASES.has('build') || PHASES.has('find')) createIndexes(full);
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
    results.replay.push((inserted.done / (performance.now() - started)) * 1000);
    await reopened.close();
    rmSync(dir, { recursive: true, force: true });
  }

  // 4. Indexed finds.
  if (!PHASES.has('find')) continue;
  results.findToken.push(findRate(full, (i) => ({ tokens: `w${i % VOCABULARY}` })).perSecond);
  results.findSlug.push(findRate(full, (i) => ({ slug: `article-${i % DOCS}` })).perSecond);
}

const FIGURES = {
  documents: { unit: 'docs/s', better: 'higher' },
  lookups: { unit: 'finds/s', better: 'higher' },
};
const rounds = createRounds(FIGURES);
const BASELINE = 'bare sorted-btree: the same entries inserted one by one, looked up by slug';
const INSERT = 'insert one by one into the indexed collection';
const perSecond = (ms) => (DOCS / ms) * 1000;
for (let round = 0; round < ROUNDS; round++) {
  rounds.add(BASELINE, { documents: results.bare[round], lookups: results.bareLookup[round] });
  if (PHASES.has('insert')) rounds.add(INSERT, { documents: results.insert[round] });
  if (PHASES.has('build'))
    rounds.add('createIndexes on the full collection (bulk build)', {
      documents: perSecond(results.build[round]),
    });
  if (PHASES.has('replay'))
    rounds.add('journal replay at start-up, indexes built at the end', {
      documents: results.replay[round],
    });
  if (PHASES.has('find')) {
    rounds.add('find {tokens: w} (multikey, about 10 matches)', {
      lookups: results.findToken[round],
    });
    rounds.add('find {slug: s} (unique)', { lookups: results.findSlug[round] });
  }
}
const rows = rounds
  .labels()
  .filter((label) => label !== BASELINE)
  .map((label) => rounds.row(label));
console.log(
  `${DOCS} documents, ${KEYS}-key multikey index + unique slug index, median of ${ROUNDS} rounds`,
);
for (const row of [rounds.row(BASELINE), ...rows])
  for (const [name, figure] of Object.entries(row.figures))
    console.log(`${row.label.padEnd(76)} ${name} ${Math.round(figure.value)} ${figure.unit}`);

recordBenchmark({
  id: 'embedded-mongo-indexes',
  title: 'Secondary indexes in the store (embedded-mongo)',
  measures:
    `The server’s store in-process (no wire, no driver) with ${DOCS.toLocaleString('en-US')} ` +
    `articles, each with ${KEYS} words in a multikey index (vocabulary of ` +
    `${VOCABULARY.toLocaleString('en-US')}) and a unique slug index: inserts one by one, ` +
    'an index build on the full collection, the journal replay of a restart, and indexed finds.',
  baseline: {
    ...rounds.row(BASELINE),
    description:
      'The same entries (each word with the document key, and each slug) inserted one by one ' +
      'into bare sorted-btree trees of strings with the default comparator, then 20,000 slugs ' +
      'looked up: the library the indexes are built on, with no BSON order, no documents and no ' +
      'query.',
  },
  headline: INSERT,
  rows,
  rounds: ROUNDS,
  parameters: {
    documents: DOCS,
    'words per document': KEYS,
    'budget s per phase': BUDGET_MS / 1000,
  },
  notes: partial
    ? [`Inserts stopped at the ${BUDGET_MS / 1000} s budget; their rate is over what was inserted.`]
    : [],
});
