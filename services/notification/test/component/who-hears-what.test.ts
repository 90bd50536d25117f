import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  eventually,
  startNotificationHarness,
  type NotificationHarness,
} from '../support/notification-harness.js';

const CARRIER = 'c-dezhou';
const INTAKE = 'notification.intake-events';
let h: NotificationHarness;
let founder: string;
let reviewer: string;
let follower: string;

beforeAll(async () => {
  h = await startNotificationHarness();
  await h.carrier(CARRIER, 1);
  founder = await h.founderToken('founder-1');
  follower = await h.founderToken('follower-1');
  reviewer = await h.staffToken('reviewer-1', ['reviewer'], [CARRIER]);
  expect((await h.call('PUT', `/follows/${CARRIER}`, { token: follower })).status).toBe(200);
  const registered = await h.call('PUT', '/reviewer-registration', { token: reviewer });
  expect(registered.body).toEqual({ carrierIds: [CARRIER] });
});
afterAll(async () => h?.stop());

const inboxOf = async (token: string) => (await h.call('GET', '/inbox', { token })).body;

function submitted(applicationId: string) {
  return {
    applicationId,
    carrierId: CARRIER,
    founderUserId: 'founder-1',
    status: 'submitted',
    projectIndustry: '智能制造',
    submittedAt: '2026-11-23T02:00:00Z',
  };
}

it('a submission reaches the founder and the carrier’s reviewers, in Chinese, with the carrier’s name', async () => {
  const id = await h.publish(
    'cn.shuangchuang.intake.application.submitted.v1',
    'app-1',
    submitted('app-1'),
  );
  await h.handled(INTAKE, id);
  const mine = await inboxOf(founder);
  expect(mine.unreadCount).toBe(1);
  expect(mine.items[0]).toMatchObject({
    category: 'application',
    title: '入孵申请已提交',
    link: { page: 'application', id: 'app-1' },
    read: false,
  });
  expect(mine.items[0].body).toContain('启迪之星（德州）');
  const staff = await inboxOf(reviewer);
  expect(staff.items).toHaveLength(1);
  expect(staff.items[0].title).toBe('收到新的入孵申请');
  expect(staff.items[0].body).toContain('智能制造');
  // the follower hears nothing of someone else's application
  expect((await inboxOf(follower)).items).toHaveLength(0);
});

it('every status change reaches the founder; only a resubmission reaches the reviewers again', async () => {
  const change = (from: string, to: string, extra: Record<string, unknown> = {}) =>
    h.publish('cn.shuangchuang.intake.application.status-changed.v1', 'app-1', {
      applicationId: 'app-1',
      carrierId: CARRIER,
      founderUserId: 'founder-1',
      fromStatus: from,
      toStatus: to,
      actorRole: to === 'resubmitted' ? 'founder' : 'reviewer',
      changedAt: '2026-11-23T02:10:00Z',
      ...extra,
    });
  await change('submitted', 'under_review');
  await change('under_review', 'info_requested');
  await change('info_requested', 'resubmitted');
  const last = await change('resubmitted', 'interview_scheduled', {
    interviewAt: '2026-11-25T06:30:00Z',
  });
  await h.handled(INTAKE, last);
  const titles = (await inboxOf(founder)).items.map((m: { title: string }) => m.title);
  expect(titles).toEqual([
    '入孵申请已安排面谈',
    '入孵申请已重新提交',
    '入孵申请需补充材料',
    '入孵申请审核中',
    '入孵申请已提交',
  ]);
  expect((await inboxOf(founder)).items[0].body).toContain('2026-11-25 14:30（北京时间）');
  const staff = (await inboxOf(reviewer)).items.map((m: { title: string }) => m.title);
  expect(staff).toEqual(['入孵申请已重新提交', '收到新的入孵申请']);
});

it('a redelivered event and a replay past the consumer’s record produce no second notification', async () => {
  const before = (await inboxOf(founder)).items.length;
  const index = h.published.findIndex((p) => p.key === 'app-1');
  // redelivery: the backbone recognises the event id
  await h.republishRaw(index);
  // replay with the consumer's record gone (e.g. a restored backup): the dedupe key still holds
  const firstId = h.published[index]!.headers.ce_id!;
  await h.service.connection
    .collection('processed_events')
    .deleteOne({ _id: `${INTAKE}:${firstId}` as never });
  await h.republishRaw(index);
  await h.handled(INTAKE, firstId);
  // a later event on the same key is handled after both copies
  const marker = await h.publish('cn.shuangchuang.intake.application.withdrawn.v1', 'app-1', {
    applicationId: 'app-1',
    carrierId: CARRIER,
    founderUserId: 'founder-1',
    fromStatus: 'interview_scheduled',
    withdrawnAt: '2026-11-23T03:00:00Z',
  });
  await h.handled(INTAKE, marker);
  const after = await inboxOf(founder);
  expect(after.items).toHaveLength(before + 1);
  expect(after.items[0].title).toBe('入孵申请已撤回');
  expect((await inboxOf(reviewer)).items).toHaveLength(2);
  const queued = await h.service.exposed.context.deliveries.forUser('founder-1');
  expect(new Set(queued.map((d) => d.dedupeKey)).size).toBe(queued.length);
  expect(queued).toHaveLength(before + 1); // one WeChat delivery per notice (WeChat on by default)
});

it('followers hear once when a carrier starts accepting applications, not on every update', async () => {
  await h.carrier(CARRIER, 2, { accepting: true });
  await h.carrier(CARRIER, 3, { accepting: true, focusIndustries: ['新材料'] });
  await h.carrier(CARRIER, 2, { accepting: false }); // late and stale: ignored
  const items = (await inboxOf(follower)).items;
  expect(items).toHaveLength(1);
  expect(items[0]).toMatchObject({
    category: 'carrier',
    title: '启迪之星（德州） 开放入孵申请',
    link: { page: 'carrier', id: CARRIER },
  });
});

it('followers of a mentioned carrier hear of published news; others do not', async () => {
  const id = await h.publish('cn.shuangchuang.news.article.published.v1', 'art-1', {
    articleId: 'art-1',
    revision: 1,
    kind: 'news',
    title: '启迪之星（德州）获评国家级众创空间',
    summary: '科技部公布第三批国家级众创空间名单。',
    publishedAt: '2026-11-23T02:00:00Z',
    mentionedCarrierIds: [CARRIER, 'c-other'],
  });
  await h.handled('notification.news-events', id);
  const items = (await inboxOf(follower)).items;
  expect(items[0]).toMatchObject({ category: 'news', link: { page: 'article', id: 'art-1' } });
  expect(items[0].body).toContain('您关注的 启迪之星（德州） 有新动态');
  expect(
    (await inboxOf(founder)).items.some((m: { category: string }) => m.category === 'news'),
  ).toBe(false);
});

it('inbox: cursor pages, unread count, mark one and all read; another user’s message is a 404', async () => {
  const first = await h.call('GET', '/inbox?limit=2', { token: founder });
  expect(first.body.items).toHaveLength(2);
  expect(first.body.nextCursor).toEqual(expect.any(String));
  const second = await h.call('GET', `/inbox?limit=2&cursor=${first.body.nextCursor}`, {
    token: founder,
  });
  expect(second.body.items[0].id < first.body.items[1].id).toBe(true);
  const all = (await inboxOf(founder)).items;
  const pagedIds = [];
  let cursor: string | null = null;
  do {
    const page: any = await h.call('GET', `/inbox?limit=4${cursor ? `&cursor=${cursor}` : ''}`, {
      token: founder,
    });
    pagedIds.push(...page.body.items.map((m: { id: string }) => m.id));
    cursor = page.body.nextCursor;
  } while (cursor);
  expect(pagedIds).toEqual(all.map((m: { id: string }) => m.id));

  const someone = all[0].id;
  expect((await h.call('POST', `/inbox/${someone}/read`, { token: follower })).status).toBe(404);
  const read = await h.call('POST', `/inbox/${someone}/read`, { token: founder });
  expect(read.status).toBe(200);
  expect(read.body.read).toBe(true);
  const count = await h.call('GET', '/inbox/unread-count', { token: founder });
  expect(count.body.unreadCount).toBe(all.length - 1);
  const unread = await h.call('GET', '/inbox?unreadOnly=true', { token: founder });
  expect(unread.body.items.map((m: { id: string }) => m.id)).not.toContain(someone);
  const marked = await h.call('POST', '/inbox/read-all', { token: founder });
  expect(marked.body.marked).toBe(all.length - 1);
  expect((await h.call('GET', '/inbox/unread-count', { token: founder })).body.unreadCount).toBe(0);
  expect((await h.call('GET', '/inbox?cursor=not-a-cursor', { token: founder })).status).toBe(400);
});

it('nothing personal is logged or put on the bus', async () => {
  await eventually(() => h.logLines.length > 0);
  // Random hex identifiers (trace and span ids, UUIDs) may hold eleven digits in a row by chance.
  const logs = h.logLines
    .join('\n')
    .replace(/"(trace_id|span_id)":"[0-9a-f]+"/g, '')
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '');
  expect(logs).not.toMatch(/1[3-9]\d{9}/);
});
