// The founder journey through the gateway: search → follow → apply → review → accepted → notified,
// checked in the REST answers, in each service's own database and on the bus.
import { ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createIntakeClient,
  createNotificationClient,
  createRegistryClient,
} from '@shuangchuang/contracts';
import {
  connectMongo,
  eventually,
  founderLogin,
  randomUUID,
  readTopic,
  staffToken,
  startSystem,
} from './support/system.mjs';

const APPLICANT = { name: '李明', mobile: '13912345678', email: 'liming@example.com' };

function applicationInput(carrierId) {
  return {
    carrierId,
    applicant: APPLICANT,
    company: {
      name: '德州智视科技有限公司',
      creditCode: '91371400MA3C8U8X2W',
      foundedOn: '2025-03-18',
    },
    team: [
      { name: '李明', role: '创始人、CEO' },
      { name: '王芳', role: '算法负责人' },
    ],
    project: {
      name: '工业视觉质检平台',
      summary: '面向中小制造企业的低成本机器视觉缺陷检测系统，已在两家德州本地企业试用。',
      industry: '智能制造',
      stage: 'prototype',
      intellectualProperty: ['发明专利申请 1 项', '软件著作权 2 项'],
      fundingToDateYuan: 500000,
    },
    needs: {
      spaceSquareMeters: 120,
      mentoring: true,
      financing: true,
      training: false,
      sharedInstruments: true,
      policyHelp: true,
    },
    attachments: [
      {
        name: '商业计划书.pdf',
        sizeBytes: 2457600,
        contentType: 'application/pdf',
        url: 'https://files.shuangchuang.dev/u/founder/bp.pdf',
      },
    ],
    consent: { accepted: true, policyVersion: '2026-01', at: new Date().toISOString() },
  };
}

describe('founder journey through the gateway', () => {
  let stack;
  let mongo;

  beforeAll(async () => {
    stack = await startSystem();
    console.log(`system started in ${stack.startMs} ms at ${stack.gatewayUrl}`);
    mongo = await connectMongo(stack.mongoUrl);
  });

  afterAll(async () => {
    await mongo?.close();
    await stack?.stop();
  });

  it('search, follow, apply, review to accepted, one inbox message per status change', async () => {
    const { gatewayUrl } = stack;
    const registry = createRegistryClient({ baseUrl: gatewayUrl });

    // 1. Search: Chinese and pinyin find the seeded 启迪之星（德州）.
    const byName = await registry.GET('/carriers', { params: { query: { q: '启迪之星' } } });
    expect(byName.response.status).toBe(200);
    const qidi = byName.data.items.find((c) => c.name === '启迪之星（德州）');
    expect(qidi, JSON.stringify(byName.data.items.map((c) => c.name))).toBeDefined();
    const byPinyin = await registry.GET('/carriers', { params: { query: { q: 'qidi' } } });
    expect(byPinyin.response.status).toBe(200);
    expect(byPinyin.data.items.map((c) => c.id)).toContain(qidi.id);
    const carrierId = qidi.id;

    // The seed has it accepting; otherwise a registry-admin makes it accept.
    if (!qidi.accepting) {
      const admin = createRegistryClient({
        baseUrl: gatewayUrl,
        token: await staffToken({ sub: 'e2e-registry-admin', roles: ['registry-admin'] }),
      });
      const current = await admin.GET('/carriers/{carrierId}', {
        params: { path: { carrierId } },
      });
      const {
        id: _id,
        version: _v,
        status: _s,
        honors: _h,
        createdAt: _c,
        updatedAt: _u,
        ...input
      } = current.data;
      const put = await admin.PUT('/carriers/{carrierId}', {
        params: {
          path: { carrierId },
          header: { 'If-Match': current.response.headers.get('etag') },
        },
        body: { ...input, intake: { ...input.intake, accepting: true } },
      });
      expect(put.response.status, JSON.stringify(put.error)).toBe(200);
    }

    // 2. A founder logs in and follows the carrier.
    const login = await founderLogin(gatewayUrl, `e2e-founder-${randomUUID().slice(0, 8)}`);
    const founderId = login.user.id;
    expect(login.user.roles).toEqual(['founder']);
    const founderNotifications = createNotificationClient({
      baseUrl: gatewayUrl,
      token: login.token,
    });
    // The notification read model of carriers is fed by registry events: retry until known.
    const follow = await eventually(
      async () => {
        const r = await founderNotifications.PUT('/follows/{carrierId}', {
          params: { path: { carrierId } },
        });
        return r.response.status === 200 ? r : undefined;
      },
      { what: 'follow accepted by notification' },
    );
    expect(follow.data.carrierId).toBe(carrierId);
    const follows = await founderNotifications.GET('/follows');
    expect(follows.data.items.map((f) => f.carrierId)).toEqual([carrierId]);

    // 3. The intake read model knows the carrier (fed by registry.incubator.v1).
    const reviewerToken = await staffToken({
      sub: 'e2e-reviewer',
      roles: ['reviewer'],
      carrierIds: [carrierId],
      name: '审核员',
    });
    const reviewer = createIntakeClient({ baseUrl: gatewayUrl, token: reviewerToken });
    await eventually(
      async () => {
        const r = await reviewer.GET('/carriers/{carrierId}/intake-policy', {
          params: { path: { carrierId } },
        });
        return r.response.status === 200;
      },
      { what: 'application-intake knows the carrier' },
    );

    // 4. Create a draft and submit it.
    const founderIntake = createIntakeClient({ baseUrl: gatewayUrl, token: login.token });
    const draft = await founderIntake.POST('/applications', {
      params: { header: { 'Idempotency-Key': randomUUID() } },
      body: applicationInput(carrierId),
    });
    expect(draft.response.status, JSON.stringify(draft.error)).toBe(201);
    expect(draft.data.status).toBe('draft');
    const applicationId = draft.data.id;
    const submitKey = randomUUID();
    const submitted = await founderIntake.POST('/applications/{applicationId}/submit', {
      params: { path: { applicationId }, header: { 'Idempotency-Key': submitKey } },
    });
    expect(submitted.response.status, JSON.stringify(submitted.error)).toBe(200);
    expect(submitted.data.status).toBe('submitted');
    // A retried submit with the same key returns the same application, no second event.
    const retried = await founderIntake.POST('/applications/{applicationId}/submit', {
      params: { path: { applicationId }, header: { 'Idempotency-Key': submitKey } },
    });
    expect(retried.response.status).toBe(200);
    expect(retried.data.id).toBe(applicationId);

    // Only the carrier's reviewers review: the founder and a reviewer of another carrier are
    // refused with problem+json, and the request id is echoed through the gateway.
    const selfReview = await founderIntake.POST('/applications/{applicationId}/transitions', {
      params: { path: { applicationId }, header: { 'X-Request-Id': 'e2e-self-review' } },
      body: { to: 'accepted' },
    });
    expect(selfReview.response.status).toBe(403);
    expect(selfReview.response.headers.get('content-type')).toContain('application/problem+json');
    expect(selfReview.response.headers.get('x-request-id')).toBe('e2e-self-review');
    expect(selfReview.error.type).toBe('https://errors.shuangchuang.dev/forbidden');
    const stranger = createIntakeClient({
      baseUrl: gatewayUrl,
      token: await staffToken({
        sub: 'e2e-other-reviewer',
        roles: ['reviewer'],
        carrierIds: ['0123456789abcdef01234567'],
      }),
    });
    const strangerMove = await stranger.POST('/applications/{applicationId}/transitions', {
      params: { path: { applicationId } },
      body: { to: 'accepted' },
    });
    expect([403, 404]).toContain(strangerMove.response.status);

    // 5. The reviewer sees it and moves it through review to accepted.
    const queue = await reviewer.GET('/applications', { params: { query: { carrierId } } });
    expect(queue.response.status).toBe(200);
    expect(queue.data.items.map((a) => a.id)).toContain(applicationId);
    for (const to of ['under_review', 'accepted']) {
      const moved = await reviewer.POST('/applications/{applicationId}/transitions', {
        params: { path: { applicationId } },
        body: { to, comment: `e2e: ${to}` },
      });
      expect(moved.response.status, JSON.stringify(moved.error)).toBe(200);
      expect(moved.data.status).toBe(to);
    }
    const seen = await founderIntake.GET('/applications/{applicationId}', {
      params: { path: { applicationId } },
    });
    expect(seen.data.status).toBe('accepted');

    // 6. The founder's inbox: one message per status change, exactly once each.
    const statuses = ['submitted', 'under_review', 'accepted'];
    const inbox = await eventually(
      async () => {
        const r = await founderNotifications.GET('/inbox', { params: { query: { limit: 50 } } });
        const mine = r.data.items.filter((m) => m.link?.id === applicationId);
        return mine.length >= statuses.length ? mine : undefined;
      },
      { what: 'three inbox messages for the application' },
    );
    // Let any late duplicate arrive before counting exactly.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const final = await founderNotifications.GET('/inbox', { params: { query: { limit: 50 } } });
    const messages = final.data.items.filter((m) => m.link?.id === applicationId);
    expect(messages.length, JSON.stringify(messages.map((m) => m.title))).toBe(3);
    expect(inbox.length).toBe(3);
    expect(messages.every((m) => m.category === 'application')).toBe(true);
    expect(messages.some((m) => m.body.includes('已通过审核'))).toBe(true);
    expect(messages.every((m) => m.body.includes('启迪之星（德州）'))).toBe(true);
    expect(final.data.unreadCount).toBeGreaterThanOrEqual(3);

    // 7. Stored state in each service's own database.
    const registryCarrier = await mongo
      .db(stack.database('registry'))
      .collection('carriers')
      .findOne({ name: '启迪之星（德州）' });
    expect(String(registryCarrier._id)).toBe(carrierId);
    const intakeDb = mongo.db(stack.database('application-intake'));
    const storedApplication = await intakeDb
      .collection('applications')
      .findOne({ $or: [{ _id: applicationId }, { _id: asObjectId(applicationId) }] });
    expect(
      storedApplication,
      `application ${applicationId} in ${intakeDb.databaseName}`,
    ).toBeTruthy();
    expect(storedApplication.status).toBe('accepted');
    const notificationDb = mongo.db(stack.database('notification'));
    expect(
      await notificationDb.collection('follows').countDocuments({ carrierId }),
    ).toBeGreaterThanOrEqual(1);
    const storedInbox = await notificationDb.collection('inbox').find({}).toArray();
    expect(storedInbox.filter((m) => JSON.stringify(m).includes(applicationId))).toHaveLength(3);

    // 8. The bus: submitted and status-changed events of the application, no personal data.
    const topic = await readTopic(stack.kafkaBrokers, 'intake.application.v1');
    try {
      const types = (
        await eventually(
          () => {
            const mine = topic.messages.filter((m) => m.key === applicationId);
            return mine.length >= 3 ? mine : undefined;
          },
          { what: 'three intake events of the application on the bus' },
        )
      ).map((m) => m.headers.ce_type);
      expect(types).toEqual([
        'cn.shuangchuang.intake.application.submitted.v1',
        'cn.shuangchuang.intake.application.status-changed.v1',
        'cn.shuangchuang.intake.application.status-changed.v1',
      ]);
      const mine = topic.messages.filter((m) => m.key === applicationId);
      expect(mine.map((m) => m.data?.toStatus ?? 'submitted')).toEqual(statuses);
      for (const message of topic.messages) {
        for (const personal of [APPLICANT.mobile, APPLICANT.email, APPLICANT.name, '王芳']) {
          expect(message.text, `${message.headers.ce_type} carries ${personal}`).not.toContain(
            personal,
          );
        }
      }
    } finally {
      await topic.stop();
    }
    expect(founderId).toMatch(/\S/);
  });

  // Convention (docs/conventions.md, Running locally): each service uses the database named after it.
  it('application-intake keeps its state in the database application-intake', async () => {
    const names = (
      await mongo.db(stack.database('application-intake')).listCollections().toArray()
    ).map((c) => c.name);
    expect(names).toContain('applications');
  });
});

function asObjectId(id) {
  return /^[0-9a-f]{24}$/.test(id) ? new ObjectId(id) : id;
}
