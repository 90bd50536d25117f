import {
  startTestInfrastructure,
  uniqueName,
  type TestInfrastructure,
} from '@shuangchuang/test-infrastructure';
import { MongoClient, type Collection } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeQuery, scoreMatch, searchKeyFilter } from '../src/index.js';
import { carrierCorpus, search } from './fixtures/search-corpus.js';

interface CarrierDocument {
  name: string;
  operator?: string;
  searchKeys: string[];
}

let infrastructure: TestInfrastructure;
let client: MongoClient;
let carriers: Collection<CarrierDocument>;

beforeAll(async () => {
  infrastructure = await startTestInfrastructure({ kafka: false });
  client = await MongoClient.connect(infrastructure.mongoUrl);
  carriers = client.db(uniqueName('chinese_text_test')).collection<CarrierDocument>('carriers');
  await carriers.createIndex({ searchKeys: 1 });
  await carriers.insertMany(
    carrierCorpus().map(({ name, operator, keys }) => ({ name, operator, searchKeys: keys })),
  );
});

afterAll(async () => {
  await client?.close();
  await infrastructure?.stop();
});

/** The service's search: key filter in the database, scoring in the process. */
async function searchDatabase(text: string, options?: { prefix?: boolean }): Promise<string[]> {
  const query = analyzeQuery(text, options);
  const filter = searchKeyFilter('searchKeys', query);
  if (!filter) return [];
  const found = await carriers.find(filter).toArray();
  return found
    .map((carrier) => ({
      name: carrier.name,
      score: scoreMatch(query, [
        { text: carrier.name, weight: 3 },
        { text: carrier.operator ?? '', weight: 1 },
      ]),
    }))
    .sort((a, b) => b.score - a.score)
    .map((result) => result.name);
}

describe('search keys in the embedded MongoDB-compatible server', () => {
  const corpus = carrierCorpus();

  it.each([
    'qingdao',
    'qdgxq',
    '青島',
    'qidi',
    '启迪之星（德州）',
    'qingdaogaoxinqu',
    'qingdao 孵化器',
    '專業化眾創空間',
    'jcdl',
    '德州',
  ])('%s gives the same carriers as the in-memory reference', async (text) => {
    const expected = search(corpus, text);
    expect(expected.length).toBeGreaterThan(0);
    expect(await searchDatabase(text)).toEqual(expected);
  });

  it('uses $in groups for typeahead', async () => {
    expect((await searchDatabase('qingdaog', { prefix: true })).sort()).toEqual([
      '青岛高新区创业服务中心',
      '青岛高新区蓝色生物医药孵化器',
    ]);
  });

  it.each(['{"$where": "sleep(1000)"}', '{"$ne": null}', '.*', '$regex', '青岛.*|德州'])(
    'treats %s as text: no operator, no regex, nothing matched',
    async (text) => {
      // "$ne: null" or ".*" would match every carrier if interpreted; 青岛 and 德州 share none.
      expect(await searchDatabase(text)).toEqual([]);
      expect(await carriers.countDocuments()).toBe(corpus.length);
    },
  );
});
