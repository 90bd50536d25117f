import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeInput } from '../fixtures/application-input.js';
import { startIntakeHarness, type IntakeHarness } from '../support/intake-harness.js';
import { castFor, createDraft, drive } from '../support/lifecycle-driver.js';

const CARRIER = 'c-rules';
let h: IntakeHarness;
let founders = 0;
const founder = () => h.founderToken(`wxu_rules_${++founders}`);

beforeAll(async () => {
  h = await startIntakeHarness();
  await h.publishCarrier({ carrierId: CARRIER, version: 1 }, 'created');
  await h.carrierVersion(CARRIER, 1);
});
afterAll(async () => h?.stop());

const countOf = async (collection: string) =>
  h.service.connection.collection(collection).countDocuments();
/** Idempotency-Keys kept, on every application. */
const keptKeys = async () =>
  (await h.service.connection.collection('applications').find({}).toArray()).reduce(
    (sum, a) => sum + (a.requestKeys?.length ?? 0),
    0,
  );

describe('idempotent submit under concurrent retries', () => {
  it('answers eight simultaneous submits with one key with the same application, submitted once', async () => {
    const token = await founder();
    const id = await createDraft(h, token, CARRIER);
    const eventsBefore = await countOf('outbox_events');
    const key = randomUUID();
    const responses = await Promise.all(
      Array.from({ length: 8 }, () =>
        h.call('POST', `/applications/${id}/submit`, {
          token,
          headers: { 'idempotency-key': key },
        }),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(8).fill(200));
    expect(new Set(responses.map((r) => r.body.id))).toEqual(new Set([id]));
    expect(new Set(responses.map((r) => r.body.version))).toEqual(new Set([2]));
    const view = await h.call('GET', `/applications/${id}`, { token });
    expect(view.body.timeline.filter((t: { to: string }) => t.to === 'submitted')).toHaveLength(1);
    const submittedEvents = await h.service.connection
      .collection('outbox_events')
      .countDocuments({ key: id, type: 'cn.shuangchuang.intake.application.submitted.v1' });
    expect(submittedEvents).toBe(1);
    expect(await countOf('outbox_events')).toBe(eventsBefore + 1);
  });

  it('answers eight simultaneous creates with one key with one draft', async () => {
    const token = await founder();
    const key = randomUUID();
    const responses = await Promise.all(
      Array.from({ length: 8 }, () =>
        h.call('POST', '/applications', {
          token,
          body: completeInput(CARRIER),
          headers: { 'idempotency-key': key },
        }),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(8).fill(201));
    expect(new Set(responses.map((r) => r.body.id)).size).toBe(1);
    const list = await h.call('GET', '/applications', { token });
    expect(list.body.items).toHaveLength(1);
  });

  it('refuses the same key with a different request (422)', async () => {
    const token = await founder();
    const key = randomUUID();
    const first = await h.call('POST', '/applications', {
      token,
      body: completeInput(CARRIER),
      headers: { 'idempotency-key': key },
    });
    expect(first.status).toBe(201);
    const other = {
      ...completeInput(CARRIER),
      project: { ...completeInput(CARRIER).project, name: '另一个项目' },
    };
    const reused = await h.call('POST', '/applications', {
      token,
      body: other,
      headers: { 'idempotency-key': key },
    });
    expect(reused.status).toBe(422);
    expect(reused.body).toMatchObject({
      type: 'https://errors.shuangchuang.dev/idempotency-key-reused',
      errors: [{ path: 'Idempotency-Key' }],
    });
  });

  it('refuses a key already used by another request of the founder, whatever the operation', async () => {
    const token = await founder();
    const key = randomUUID();
    const drafted = await h.call('POST', '/applications', {
      token,
      body: completeInput(CARRIER),
      headers: { 'idempotency-key': key },
    });
    expect(drafted.status).toBe(201);
    const submitWithDraftKey = await h.call('POST', `/applications/${drafted.body.id}/submit`, {
      token,
      headers: { 'idempotency-key': key },
    });
    expect(submitWithDraftKey.status).toBe(422);
    const other = await createDraft(h, token, 'c-rules');
    const submitKey = randomUUID();
    const submitted = await h.call('POST', `/applications/${drafted.body.id}/submit`, {
      token,
      headers: { 'idempotency-key': submitKey },
    });
    expect(submitted.status).toBe(200);
    const anotherWithSameKey = await h.call('POST', `/applications/${other}/submit`, {
      token,
      headers: { 'idempotency-key': submitKey },
    });
    expect(anotherWithSameKey.status).toBe(422);
    expect((await h.call('GET', `/applications/${other}`, { token })).body.status).toBe('draft');
  });

  it('lets one of two drafts submitted at once under one key through; the other is refused, no 5xx', async () => {
    const token = await founder();
    const drafts = [await createDraft(h, token, 'c-rules'), await createDraft(h, token, 'c-rules')];
    const key = randomUUID();
    const answers = await Promise.all(
      drafts.map((id) =>
        h.call('POST', `/applications/${id}/submit`, {
          token,
          headers: { 'idempotency-key': key },
        }),
      ),
    );
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses[0]).toBe(200);
    // refused as the key reused (422), or, while the twin still runs, 409 with Retry-After
    expect([409, 422]).toContain(statuses[1]);
    const stored = await h.service.connection
      .collection('applications')
      .find({ _id: { $in: drafts } as never })
      .toArray();
    expect(stored.map((a) => a.status).sort()).toEqual(['draft', 'submitted']);
  });

  it('requires the Idempotency-Key header on submit', async () => {
    const token = await founder();
    const id = await createDraft(h, token, CARRIER);
    const missing = await h.call('POST', `/applications/${id}/submit`, { token });
    expect(missing.status).toBe(400);
    expect(JSON.stringify(missing.body.errors)).toMatch(/idempotency-key/i);
  });
});

describe('one open application per founder and carrier', () => {
  it('refuses a second submission while the first is open, and allows it once closed', async () => {
    const cast = await castFor(h, 'wxu_repeat', CARRIER);
    const first = await createDraft(h, cast.founder, CARRIER);
    const second = await createDraft(h, cast.founder, CARRIER);
    await drive(h, cast, first, [['submitted', 'founder']]);
    const refused = await h.call('POST', `/applications/${second}/submit`, {
      token: cast.founder,
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(refused.status).toBe(409);
    expect(refused.body.existingApplicationId).toBe(first);
    expect(
      (await h.call('GET', `/applications/${second}`, { token: cast.founder })).body.status,
    ).toBe('draft');
    await drive(h, cast, first, [
      ['under_review', 'reviewer'],
      ['rejected', 'reviewer'],
    ]);
    await drive(h, cast, second, [['submitted', 'founder']]);
  });

  it('lets only one of two racing submissions to the same carrier through', async () => {
    const token = await h.founderToken('wxu_racer');
    const a = await createDraft(h, token, CARRIER);
    const b = await createDraft(h, token, CARRIER);
    const [ra, rb] = await Promise.all(
      [a, b].map((id) =>
        h.call('POST', `/applications/${id}/submit`, {
          token,
          headers: { 'idempotency-key': randomUUID() },
        }),
      ),
    );
    expect([ra!.status, rb!.status].sort()).toEqual([200, 409]);
  });
});

describe('bad input: 4xx problem+json naming the field, nothing written', () => {
  const cases: [string, (body: any) => void, string, number][] = [
    ['malformed mobile', (b) => (b.applicant.mobile = '1234567'), 'applicant/mobile', 400],
    [
      'mobile with a foreign prefix',
      (b) => (b.applicant.mobile = '+1 4155550100'),
      'applicant/mobile',
      400,
    ],
    ['malformed email', (b) => (b.applicant.email = 'liming@'), 'applicant/email', 400],
    ['an unknown field', (b) => (b.applicant.wechatId = 'liming88'), 'applicant', 400],
    ['an unknown top-level field', (b) => (b.priority = 'high'), 'priority', 400],
    ['oversized summary', (b) => (b.project.summary = '长'.repeat(5001)), 'project/summary', 400],
    [
      'invalid credit code',
      (b) => (b.company.creditCode = '91440300708461136U'),
      'company.creditCode',
      400,
    ],
    ['consent not given', (b) => (b.consent.accepted = false), 'consent.accepted', 400],
    ['a carrier unknown to the registry', (b) => (b.carrierId = 'c-nowhere'), 'carrierId', 409],
  ];

  it.each(cases)('%s', async (_name, spoil, field, status) => {
    const token = await founder();
    const body = completeInput(CARRIER) as any;
    spoil(body);
    const before = await countOf('applications');
    const keysBefore = await keptKeys();
    const response = await h.call('POST', '/applications', {
      token,
      body,
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(response.status, JSON.stringify(response.body)).toBe(status);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(JSON.stringify(response.body.errors ?? [])).toContain(field);
    expect(await countOf('applications')).toBe(before);
    expect(await keptKeys()).toBe(keysBefore);
  });

  it('refuses a body over the size limit with 413', async () => {
    const token = await founder();
    const body = completeInput(CARRIER) as any;
    body.project.summary = 'x'.repeat(200_000);
    const before = await countOf('applications');
    const response = await h.call('POST', '/applications', {
      token,
      body,
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(response.status).toBe(413);
    expect(response.body.type).toBe('https://errors.shuangchuang.dev/payload-too-large');
    expect(await countOf('applications')).toBe(before);
  });

  it('names the sections a draft lacks when submitting, and leaves it a draft', async () => {
    const token = await founder();
    const { applicant: _a, consent: _c, ...partial } = completeInput(CARRIER);
    const id = await createDraft(h, token, CARRIER, partial);
    const response = await h.call('POST', `/applications/${id}/submit`, {
      token,
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(response.status).toBe(400);
    expect(response.body.errors.map((e: { path: string }) => e.path)).toEqual([
      'applicant',
      'consent',
    ]);
    const view = await h.call('GET', `/applications/${id}`, { token });
    expect(view.body.status).toBe('draft');
    expect(
      await h.service.connection
        .collection('applications')
        .countDocuments({ _id: id as never, openSlot: { $type: 'string' } }),
    ).toBe(0);
  });

  it('shows the admission pre-check before submitting, with the carrier override', async () => {
    const token = await founder();
    const old = { creditCode: '91110108551385082Q', foundedOn: '2020-01-01', carrierId: CARRIER };
    const precheck = await h.call('POST', '/admission-precheck', { token, body: old });
    expect(precheck.body).toMatchObject({
      acceptable: true,
      flags: [{ code: 'company-older-than-limit', limitMonths: 24 }],
    });
    const admin = await h.staffToken('admin-rules', ['intake-admin'], [CARRIER]);
    const policy = await h.call('PUT', `/carriers/${CARRIER}/intake-policy`, {
      token: admin,
      body: { maxCompanyAgeMonths: 120 },
    });
    expect(policy.body).toMatchObject({ maxCompanyAgeMonths: 120, incubationMonths: 48 });
    expect((await h.call('POST', '/admission-precheck', { token, body: old })).body.flags).toEqual(
      [],
    );
    await h.call('PUT', `/carriers/${CARRIER}/intake-policy`, { token: admin, body: {} });
    const bad = await h.call('POST', '/admission-precheck', {
      token,
      body: { creditCode: '91110108551385082R' },
    });
    expect(bad.body).toMatchObject({
      acceptable: false,
      flags: [{ code: 'credit-code-invalid', problem: 'check-character' }],
    });
  });
});

describe('editing an application', () => {
  it('edits a draft with If-Match, refuses a stale one, and allows edits again only when information is requested', async () => {
    const cast = await castFor(h, 'wxu_editor', CARRIER);
    const id = await createDraft(h, cast.founder, CARRIER);
    const changed = {
      ...completeInput(CARRIER),
      project: { ...completeInput(CARRIER).project, name: '工业视觉质检平台 2.0' },
    };
    const edited = await h.call('PUT', `/applications/${id}`, {
      token: cast.founder,
      body: changed,
      headers: { 'if-match': '"1"' },
    });
    expect(edited.status).toBe(200);
    expect(edited.body.content.project.name).toBe('工业视觉质检平台 2.0');
    expect(edited.headers.get('etag')).toBe('"2"');
    const stale = await h.call('PUT', `/applications/${id}`, {
      token: cast.founder,
      body: completeInput(CARRIER),
      headers: { 'if-match': '"1"' },
    });
    expect(stale.status).toBe(412);
    await drive(h, cast, id, [['submitted', 'founder']]);
    const locked = await h.call('PUT', `/applications/${id}`, {
      token: cast.founder,
      body: changed,
      headers: { 'if-match': '"3"' },
    });
    expect(locked.status).toBe(409);
    await drive(h, cast, id, [
      ['under_review', 'reviewer'],
      ['info_requested', 'reviewer'],
    ]);
    const version = (await h.call('GET', `/applications/${id}`, { token: cast.founder })).body
      .version;
    const answered = await h.call('PUT', `/applications/${id}`, {
      token: cast.founder,
      body: completeInput(CARRIER),
      headers: { 'if-match': `"${version}"` },
    });
    expect(answered.status).toBe(200);
    expect(answered.body.content.project.name).toBe('工业视觉质检平台');
  });
});

describe('carrier read model fed by registry.incubator.v1', () => {
  it('follows accepting and retirement, ignores stale versions, and gates submission on it', async () => {
    const carrierId = 'c-read-model';
    await h.publishCarrier({ carrierId, version: 1, accepting: true }, 'created');
    await h.carrierVersion(carrierId, 1);
    const token = await founder();
    const id = await createDraft(h, token, carrierId);

    await h.publishCarrier({ carrierId, version: 3, accepting: false });
    await h.carrierVersion(carrierId, 3);
    // version 2 arrives late: it must not reopen the carrier
    await h.publishCarrier({ carrierId, version: 2, accepting: true });
    await h.publishCarrier({ carrierId: 'c-marker', version: 1 }, 'created');
    await h.carrierVersion('c-marker', 1);
    expect(await h.service.exposed.context.carriers.find(carrierId)).toMatchObject({
      version: 3,
      accepting: false,
    });

    const closed = await h.call('POST', `/applications/${id}/submit`, {
      token,
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(closed.status).toBe(409);
    expect(closed.body.errors).toEqual([
      { path: 'carrierId', message: expect.stringContaining('not accepting') },
    ]);

    await h.publishCarrier({ carrierId, version: 4, accepting: true });
    await h.carrierVersion(carrierId, 4);
    const open = await h.call('POST', `/applications/${id}/submit`, {
      token,
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(open.status).toBe(200);
    expect(open.body.carrierName).toBe('启迪之星（德州）');

    await h.publishRetired(carrierId, 5);
    await h.carrierVersion(carrierId, 5);
    expect(await h.service.exposed.context.carriers.find(carrierId)).toMatchObject({
      status: 'retired',
      accepting: false,
    });
    const later = await createDraft(h, await founder(), carrierId);
    const retired = await h.call('POST', `/applications/${later}/submit`, {
      token: await h.founderToken(`wxu_rules_${founders}`),
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(retired.status).toBe(409);
    expect(retired.body.detail).toMatch(/retired/);
  });
});
