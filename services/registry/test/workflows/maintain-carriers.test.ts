import {
  startTestInfrastructure,
  uniqueName,
  type TestInfrastructure,
} from '@shuangchuang/test-infrastructure';
import mongoose, { type Connection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareCollections } from '@shuangchuang/service-kit';
import { CarrierStatistics } from '../../src/data-access/carrier-statistics.js';
import { MongoCarrierStore } from '../../src/data-access/carrier-store.js';
import { registryModels } from '../../src/data-access/models.js';
import {
  DuplicateCarrierError,
  ImportRejectedError,
  StaleVersionError,
} from '../../src/domain/errors.js';
import type { RegistryFact } from '../../src/domain/registry-changes.js';
import type { NoticeMetadata } from '../../src/domain/notice-import-plan.js';
import type { ParsedNotice } from '../../src/domain/notice-rows.js';
import { parseNoticeText } from '../../src/import/notice-text-parser.js';
import { MOST_2020_73, seedNotice } from '../../src/import/seed-documents.js';
import { CarrierSearch } from '../../src/search/carrier-search.js';
import { CarrierSearchIndex } from '../../src/search/carrier-search-index.js';
import { importNotice } from '../../src/workflows/import-notice.js';
import {
  createCarrier,
  getCarrier,
  retireCarrier,
  updateCarrier,
} from '../../src/workflows/maintain-carriers.js';
import type { RegistryContext, WriteContext } from '../../src/workflows/registry-context.js';

/** The workflows on one store, as the API calls them. */
async function workflowsOn(connection: Connection, record: (facts: RegistryFact[]) => void) {
  const models = registryModels(connection);
  await prepareCollections(models);
  const store = new MongoCarrierStore(connection, models, async (facts) => record(facts));
  const context: RegistryContext = {
    store,
    search: new CarrierSearch(new CarrierSearchIndex()),
    statistics: new CarrierStatistics(models),
    now: () => new Date(),
  };
  return {
    store,
    get: (id: string) => getCarrier(context, id),
    create: (input: unknown, by: WriteContext) => createCarrier(context, input, by),
    update: (id: string, input: unknown, version: number, by: WriteContext) =>
      updateCarrier(context, id, input, version, by),
    retire: (id: string, version: number, reason: string, by: WriteContext) =>
      retireCarrier(context, id, version, reason, by),
    importNotice: (
      parsed: ParsedNotice,
      metadata: NoticeMetadata,
      dryRun: boolean,
      by: WriteContext,
    ) => importNotice(context, parsed, metadata, dryRun, by),
  };
}

// the notice of seed 002 (国科发区〔2020〕73号) and its list, as the first start imports them
const notice = MOST_2020_73;
const staff = { actor: { userId: 'staff-1', name: '王敏' }, requestId: 'req-1' };
const lanshi = {
  kind: 'specialized_maker_space',
  level: 'national',
  name: '能源装备国家专业化众创空间',
  operator: { name: '兰州兰石集团有限公司', type: 'company' },
  location: { province: '甘肃省', city: '兰州市' },
};

let infrastructure: TestInfrastructure;
let connection: Connection;
let store: MongoCarrierStore;
let registry: Awaited<ReturnType<typeof workflowsOn>>;
const recorded: RegistryFact[] = [];

beforeAll(async () => {
  infrastructure = await startTestInfrastructure({ kafka: false });
  connection = await mongoose
    .createConnection(infrastructure.mongoUrl, { dbName: uniqueName('registry_store') })
    .asPromise();
  registry = await workflowsOn(connection, (facts) => recorded.push(...facts));
  store = registry.store;
});

afterAll(async () => {
  await connection?.close();
  await infrastructure?.stop();
});

describe('the carrier workflows on mongoose and embedded-mongo', () => {
  it('creates, refuses a duplicate (even in traditional characters) and writes an audit line', async () => {
    const created = await registry.create(lanshi, staff);
    expect(created.version).toBe(1);
    expect(await registry.get(created.id)).toEqual(created);
    await expect(
      registry.create(
        {
          ...lanshi,
          name: '能源裝備國家專業化眾創空間',
          operator: { name: '蘭州蘭石集團有限公司', type: 'company' },
        },
        staff,
      ),
    ).rejects.toBeInstanceOf(DuplicateCarrierError);
    const audit = await store.listAudit(created.id, undefined, 10);
    expect(audit).toMatchObject([{ action: 'created', actor: { userId: 'staff-1' }, version: 1 }]);
    await registry.retire(created.id, 1, '测试', staff);
  });

  it('updates with the right version and refuses a stale one', async () => {
    const created = await registry.create({ ...lanshi, name: '测试空间甲' }, staff);
    const updated = await registry.update(
      created.id,
      { ...lanshi, name: '测试空间甲', focusIndustries: ['能源装备'] },
      1,
      staff,
    );
    expect(updated.version).toBe(2);
    await expect(
      registry.update(created.id, { ...lanshi, name: '测试空间甲' }, 1, staff),
    ).rejects.toBeInstanceOf(StaleVersionError);
    expect((await registry.get(created.id)).focusIndustries).toEqual(['能源装备']);
    const audit = await store.listAudit(created.id, undefined, 10);
    expect(audit.map((a) => a.action)).toEqual(['updated', 'created']);
    expect(audit[0]!.changes).toEqual([{ field: 'focusIndustries' }]);
    await registry.retire(created.id, 2, '测试', staff);
  });

  it('imports seed 002: 23 carriers with the honor, and a second apply changes nothing', async () => {
    // a database of its own: the carriers of the other tests must not take part in the matching
    const importConnection = await mongoose
      .createConnection(infrastructure.mongoUrl, { dbName: uniqueName('registry_import') })
      .asPromise();
    const registry = await workflowsOn(importConnection, (facts) => recorded.push(...facts));
    recorded.length = 0;
    const parsed = seedNotice();
    const preview = await registry.importNotice(parsed, notice, true, staff);
    expect(preview.applied).toBe(false);
    expect(preview.plan.summary).toMatchObject({ created: 23, unparseable: 0, ambiguous: 0 });
    expect(recorded).toEqual([]);

    const applied = await registry.importNotice(parsed, notice, false, staff);
    expect(applied.applied).toBe(true);
    expect(applied.carrierIdByLine.size).toBe(23);
    expect(recorded.filter((f) => f.type === 'created')).toHaveLength(23);
    expect(recorded.filter((f) => f.type === 'honor-awarded')).toHaveLength(23);

    const row2 = await registry.get(applied.carrierIdByLine.get(15)!);
    expect(row2).toMatchObject({
      name: '化工新材料国家专业化众创空间',
      location: { province: '天津市' },
      honors: [{ title: '国家专业化众创空间', documentNumber: '国科发区〔2020〕73号', year: 2020 }],
      version: 1,
    });

    recorded.length = 0;
    const again = await registry.importNotice(parsed, notice, false, staff);
    expect(again.plan.summary).toMatchObject({ matched: 23, created: 0, unchanged: 23 });
    expect(recorded).toEqual([]);
    expect((await registry.get(row2.id)).version).toBe(1);
    await importConnection.close();
  });

  it('writes nothing when one row of an import is unparseable', async () => {
    const text = '序号|省份|名称|依托主体\n1|北京|新空间甲|甲公司\n2|火星|新空间乙|乙公司';
    await expect(
      registry.importNotice(parseNoticeText(text), notice, false, staff),
    ).rejects.toBeInstanceOf(ImportRejectedError);
    expect(await store.findByNameKeys(['新空间甲'])).toEqual([]);
  });
});
