import { MongoClient, type Document } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { start } from '../src/index.js';

let server: Awaited<ReturnType<typeof start>>;
let client: MongoClient;

interface Article {
  _id: string;
  status: string;
  publishedAt: Date;
  authorId: string;
  tags: string[];
}

// Three articles share each publication time (ties broken by _id), two in three are published.
const articles: Article[] = Array.from({ length: 3000 }, (_, i) => ({
  _id: `a${String(i).padStart(5, '0')}`,
  status: i % 3 === 2 ? 'draft' : 'published',
  publishedAt: new Date(Date.UTC(2026, 0, 1) + Math.floor(((i * 7919) % 3000) / 3) * 60_000),
  authorId: `u${i % 100}`,
  tags: [`t${i % 5}`],
}));

const newestFirst = (a: Article, b: Article) =>
  b.publishedAt.getTime() - a.publishedAt.getTime() || (a._id < b._id ? 1 : -1);
const published = articles.filter((a) => a.status === 'published').sort(newestFirst);

beforeAll(async () => {
  server = await start({ port: 0, logLevel: 'silent' });
  client = await new MongoClient(server.uri).connect();
  const db = client.db('sorted');
  await db.collection<Article>('articles').insertMany(articles);
  await db
    .collection('articles')
    .createIndexes([
      { key: { status: 1, publishedAt: -1, _id: -1 } },
      { key: { authorId: 1 } },
      { key: { tags: 1 } },
    ]);
  await db.collection('outbox').insertMany(
    Array.from({ length: 2000 }, (_, i) => ({
      _id: `e${i}` as never,
      state: ['pending', 'failed', 'published', 'published'][i % 4],
      createdAt: new Date(Date.UTC(2026, 0, 1) + Math.floor(i / 4) * 1000),
      sequence: (i * 37) % 2000,
    })),
  );
  await db.collection('outbox').createIndex({ state: 1, createdAt: 1, sequence: 1 });
});

afterAll(async () => {
  await client?.close();
  await server?.stop();
});

async function explainFind(collection: string, find: Document) {
  const result = await client.db('sorted').command({ explain: { find: collection, ...find } });
  const plan = result.queryPlanner.winningPlan;
  return {
    sortStage: plan.stage === 'SORT',
    index: (plan.stage === 'SORT' ? plan.inputStage : plan).inputStage.indexName as
      string | undefined,
    examined: result.executionStats.totalDocsExamined as number,
  };
}

const FEED_SORT = { publishedAt: -1, _id: -1 } as const;

describe('sorted, limited queries walk an index in sort order', () => {
  it('answers the public feed page from the index, examining only the page', async () => {
    const page = await client
      .db('sorted')
      .collection<Article>('articles')
      .find({ status: 'published' })
      .sort(FEED_SORT)
      .limit(21)
      .toArray();
    expect(page.map((a) => a._id)).toEqual(published.slice(0, 21).map((a) => a._id));
    expect(
      await explainFind('articles', {
        filter: { status: 'published' },
        sort: FEED_SORT,
        limit: 21,
      }),
    ).toEqual({ sortStage: false, index: 'status_1_publishedAt_-1__id_-1', examined: 21 });
  });

  it('pages through the whole feed by keyset, each page a short walk', async () => {
    const coll = client.db('sorted').collection<Article>('articles');
    const seen: string[] = [];
    let filter: Document = { status: 'published' };
    for (;;) {
      const page = await coll.find(filter).sort(FEED_SORT).limit(100).toArray();
      seen.push(...page.map((a) => a._id));
      if (page.length < 100) break;
      const last = page.at(-1)!;
      filter = {
        status: 'published',
        $or: [
          { publishedAt: { $lt: last.publishedAt } },
          { publishedAt: last.publishedAt, _id: { $lt: last._id } },
        ],
      };
      const plan = await explainFind('articles', { filter, sort: FEED_SORT, limit: 100 });
      // The $or bounds publishedAt from above: the walk starts at the last page's time, so it
      // examines the page plus at most the three articles sharing that time. Counting the
      // index's own range to choose an in-memory sort would gain nothing: it is not counted.
      expect(plan.sortStage).toBe(false);
      expect(plan.examined).toBeLessThanOrEqual(103);
    }
    expect(seen).toEqual(published.map((a) => a._id));
  });

  it('merges the walks of each $in value for the outbox relay order', async () => {
    const coll = client.db('sorted').collection('outbox');
    const filter = { state: { $in: ['pending', 'failed'] } };
    const sort = { createdAt: 1, sequence: 1 } as const;
    const batch = await coll.find(filter).sort(sort).limit(50).toArray();
    const expected = (await coll.find(filter).toArray())
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.sequence - b.sequence)
      .slice(0, 50);
    expect(batch.map((e) => e._id)).toEqual(expected.map((e) => e._id));
    // 1,000 entries pending or failed: more than 8 × 50 to sort, so the index is walked.
    expect(await explainFind('outbox', { filter, sort, limit: 50 })).toEqual({
      sortStage: false,
      index: 'state_1_createdAt_1_sequence_1',
      examined: 50,
    });
  });

  it('pages by _id in either direction through _id order', async () => {
    const coll = client.db('sorted').collection<Article>('articles');
    const up = await coll
      .find({ _id: { $gt: 'a01000' } })
      .sort({ _id: 1 })
      .limit(5)
      .toArray();
    expect(up.map((a) => a._id)).toEqual(['a01001', 'a01002', 'a01003', 'a01004', 'a01005']);
    const down = await coll
      .find({ _id: { $lt: 'a01000' } })
      .sort({ _id: -1 })
      .limit(3)
      .toArray();
    expect(down.map((a) => a._id)).toEqual(['a00999', 'a00998', 'a00997']);
    expect(
      await explainFind('articles', { filter: {}, sort: { _id: -1 }, skip: 10, limit: 5 }),
    ).toEqual({ sortStage: false, index: '_id_', examined: 15 });
  });

  it('hands out getMore batches in index order, with and without a limit', async () => {
    const coll = client.db('sorted').collection<Article>('articles');
    const limited = await coll
      .find({ status: 'published' })
      .sort(FEED_SORT)
      .skip(5)
      .limit(250)
      .batchSize(40)
      .toArray();
    expect(limited.map((a) => a._id)).toEqual(published.slice(5, 255).map((a) => a._id));
    const all = await coll.find({ status: 'published' }).sort(FEED_SORT).batchSize(300).toArray();
    expect(all.map((a) => a._id)).toEqual(published.map((a) => a._id));
    const plan = await explainFind('articles', {
      filter: { status: 'published' },
      sort: FEED_SORT,
    });
    expect(plan).toMatchObject({ sortStage: false, examined: published.length });
  });

  it('sorts in memory the few documents a narrower index finds', async () => {
    const filter = { status: 'published', authorId: 'u7' };
    const plan = await explainFind('articles', { filter, sort: FEED_SORT, limit: 10 });
    expect(plan).toEqual({ sortStage: true, index: 'authorId_1', examined: 30 });
    const page = await client
      .db('sorted')
      .collection<Article>('articles')
      .find(filter)
      .sort(FEED_SORT)
      .limit(10)
      .toArray();
    expect(page.map((a) => a._id)).toEqual(
      published
        .filter((a) => a.authorId === 'u7')
        .slice(0, 10)
        .map((a) => a._id),
    );
  });

  it('weighs sorting what an index bounds against walking the order for the wanted count', async () => {
    // tags_1 bounds t1 to 600 of 3,000 articles. For 50 wanted, walking the feed order would
    // examine at least 50 × 3000 / 600 = 250 and usually more, so the 600 are sorted; for 5
    // wanted the walk is short.
    const filter = { status: 'published', tags: 't1' };
    const expected = published.filter((a) => a.tags.includes('t1')).map((a) => a._id);
    const articlesCollection = client.db('sorted').collection<Article>('articles');
    for (const [limit, sortStage] of [
      [50, true],
      [5, false],
    ] as const) {
      const plan = await explainFind('articles', { filter, sort: FEED_SORT, limit });
      expect(plan.sortStage).toBe(sortStage);
      if (sortStage) expect(plan).toMatchObject({ index: 'tags_1', examined: 600 });
      const page = await articlesCollection.find(filter).sort(FEED_SORT).limit(limit).toArray();
      expect(page.map((a) => a._id)).toEqual(expected.slice(0, limit));
    }
  });

  it('never takes the order from a multikey index nor for mixed directions', async () => {
    expect(
      await explainFind('articles', { filter: {}, sort: { tags: 1 }, limit: 5 }),
    ).toMatchObject({ sortStage: true });
    const mixed = { publishedAt: -1, _id: 1 } as const;
    expect(
      await explainFind('articles', { filter: { status: 'published' }, sort: mixed, limit: 5 }),
    ).toMatchObject({ sortStage: true });
    const page = await client
      .db('sorted')
      .collection<Article>('articles')
      .find({ status: 'published' })
      .sort(mixed)
      .limit(4)
      .toArray();
    const expected = [...published]
      .sort((a, b) => b.publishedAt.getTime() - a.publishedAt.getTime() || (a._id < b._id ? -1 : 1))
      .slice(0, 4);
    expect(page.map((a) => a._id)).toEqual(expected.map((a) => a._id));
  });
});
