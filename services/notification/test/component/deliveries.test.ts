import { afterAll, beforeAll, expect, it } from 'vitest';
import { startFakeWechat, type FakeWechat } from '../support/fake-wechat.js';
import {
  eventually,
  startNotificationHarness,
  type NotificationHarness,
} from '../support/notification-harness.js';
import { ScriptedChannel } from '../support/scripted-channel.js';

const CARRIER = 'c-dezhou';
const INTAKE = 'notification.intake-events';
const TEMPLATE = 'dev-tpl-application-status';
const MOBILE = '13912345678';
// 10:00 in Shanghai
const MORNING = new Date('2026-11-23T02:00:00Z');

let h: NotificationHarness;
let wechat: FakeWechat;
let founder: string;
let admin: string;
const sms = new ScriptedChannel('sms');

beforeAll(async () => {
  wechat = await startFakeWechat();
  h = await startNotificationHarness({
    now: MORNING,
    adapters: { sms },
    env: {
      WECHAT_APP_ID: 'app-id',
      WECHAT_APP_SECRET: 'app-secret',
      WECHAT_API_BASE_URL: wechat.baseUrl,
    },
  });
  await h.carrier(CARRIER, 1);
  founder = await h.founderToken('founder-1');
  admin = await h.staffToken('ops-1', ['notification-admin']);
});
afterAll(async () => {
  await h?.stop();
  await wechat?.stop();
});

async function statusChange(toStatus: string): Promise<string> {
  const id = await h.publish('cn.shuangchuang.intake.application.status-changed.v1', 'app-1', {
    applicationId: 'app-1',
    carrierId: CARRIER,
    founderUserId: 'founder-1',
    fromStatus: 'under_review',
    toStatus,
    actorRole: 'reviewer',
    changedAt: MORNING.toISOString(),
  });
  await h.handled(INTAKE, id);
  return id;
}

async function authorise(key: string) {
  return h.call('POST', '/subscribe-authorisations', {
    token: founder,
    headers: { 'idempotency-key': key },
    body: { openId: 'openid-founder-1', results: [{ templateId: TEMPLATE, result: 'accept' }] },
  });
}

it('preferences: defaults, then WeChat and SMS with a mobile and quiet hours; bad input is a 400', async () => {
  const defaults = await h.call('GET', '/preferences', { token: founder });
  expect(defaults.body).toEqual({
    channels: { inbox: true, wechat_subscribe: true, sms: false, email: false },
    quietHours: null,
    digest: { daily: false },
  });
  const chosen = {
    channels: { inbox: true, wechat_subscribe: true, sms: true, email: false },
    contacts: { mobile: MOBILE },
    quietHours: { start: '22:00', end: '08:00' },
    digest: { daily: false },
  };
  const set = await h.call('PUT', '/preferences', { token: founder, body: chosen });
  expect(set.status).toBe(200);
  expect(set.body).toEqual(chosen);
  const bad = await h.call('PUT', '/preferences', {
    token: founder,
    body: { ...chosen, contacts: { mobile: '12345' } },
  });
  expect(bad.status).toBe(400);
  const inboxOff = await h.call('PUT', '/preferences', {
    token: founder,
    body: { ...chosen, channels: { ...chosen.channels, inbox: false } },
  });
  expect(inboxOff.status).toBe(400);
});

it('authorisations: each accept is one send; a retried request counts once', async () => {
  expect((await authorise('auth-0001')).body.items).toEqual([
    { templateId: TEMPLATE, event: 'application.status-changed', remaining: 1 },
  ]);
  expect((await authorise('auth-0001')).body.items[0].remaining).toBe(1);
  const reused = await h.call('POST', '/subscribe-authorisations', {
    token: founder,
    headers: { 'idempotency-key': 'auth-0001' },
    body: { openId: 'openid-founder-1', results: [{ templateId: TEMPLATE, result: 'reject' }] },
  });
  expect(reused.status).toBe(422);
  expect(reused.body).toMatchObject({ errors: [{ path: 'Idempotency-Key' }] });
  const withoutKey = await h.call('POST', '/subscribe-authorisations', {
    token: founder,
    body: { results: [{ templateId: TEMPLATE, result: 'accept' }] },
  });
  expect(withoutKey.status).toBe(400);
  const rejected = await h.call('POST', '/subscribe-authorisations', {
    token: founder,
    headers: { 'idempotency-key': 'auth-reject-1' },
    body: { results: [{ templateId: TEMPLATE, result: 'reject' }] },
  });
  expect(rejected.body.items[0].remaining).toBe(1);
  const templates = await h.call('GET', '/subscribe-templates?event=application.status-changed');
  expect(templates.body.items).toEqual([
    { templateId: TEMPLATE, event: 'application.status-changed', title: '申请进度提醒' },
  ]);
});

it('sends on WeChat with the authorisation and on SMS; delivery.sent events follow', async () => {
  const eventId = await statusChange('accepted');
  expect(await h.service.exposed.dispatchNow()).toBe(2);
  expect(wechat.sends).toHaveLength(1);
  expect(wechat.sends[0]!.body).toMatchObject({
    touser: 'openid-founder-1',
    template_id: TEMPLATE,
  });
  expect(sms.attempts.map((m) => m.address)).toEqual([MOBILE]);
  expect(
    (await h.call('GET', '/subscribe-authorisations', { token: founder })).body.items[0],
  ).toMatchObject({
    remaining: 0,
  });
  await eventually(
    () => h.deliveryEvents.filter((e) => e.data.sourceEventId === eventId).length === 2,
  );
  const sent = h.deliveryEvents.filter((e) => e.data.sourceEventId === eventId);
  expect(sent.map((e) => e.type)).toEqual([
    'cn.shuangchuang.notification.delivery.sent.v1',
    'cn.shuangchuang.notification.delivery.sent.v1',
  ]);
  expect(JSON.stringify(sent)).not.toContain(MOBILE);
  expect(JSON.stringify(sent)).not.toContain('openid-founder-1');
});

it('without an authorisation WeChat is never attempted; SMS and the inbox still carry it', async () => {
  const eventId = await statusChange('admitted');
  await h.service.exposed.dispatchNow();
  expect(wechat.sends).toHaveLength(1);
  expect(sms.attempts).toHaveLength(2);
  // The clock is fixed, so deliveries tie on createdAt: pick this status change's by its event.
  const deliveries = await h.service.exposed.context.deliveries.forUser('founder-1');
  const ofThisChange = deliveries.filter((d) => d.sourceEventId === eventId);
  expect(ofThisChange.find((d) => d.channel === 'wechat_subscribe')?.state).toBe('skipped');
  expect(deliveries.filter((d) => d.state === 'skipped')).toHaveLength(1);
  expect((await h.call('GET', '/inbox', { token: founder })).body.items[0].title).toBe(
    '入孵申请已入孵',
  );
});

it('43101 empties the ledger, fails for good with SMS as fallback, visible to staff and on the bus', async () => {
  await authorise('auth-0002');
  await authorise('auth-0003');
  wechat.script.push(43101);
  const eventId = await statusChange('graduated');
  await h.service.exposed.dispatchNow();
  expect(wechat.sends).toHaveLength(2);
  expect(
    (await h.call('GET', '/subscribe-authorisations', { token: founder })).body.items[0].remaining,
  ).toBe(0);
  const failures = await h.call('GET', '/failed-deliveries?channel=wechat_subscribe', {
    token: admin,
  });
  expect(failures.status).toBe(200);
  expect(failures.body.items[0]).toMatchObject({
    recipientUserId: 'founder-1',
    channel: 'wechat_subscribe',
    template: 'application.status-changed',
    sourceEventId: eventId,
    attempts: 1,
    reason: { code: '43101' },
    fallbackChannel: 'sms',
  });
  await eventually(() =>
    h.deliveryEvents.some((e) => e.type.endsWith('failed.v1') && e.data.sourceEventId === eventId),
  );
  expect((await h.call('GET', '/failed-deliveries', { token: founder })).status).toBe(403);
});

it('quiet hours hold a non-urgent message until they end; urgent ones go at once', async () => {
  const before = sms.attempts.length;
  h.clock.now = new Date('2026-11-23T15:30:00Z'); // 23:30 in Shanghai
  await statusChange('under_review');
  expect((await h.call('GET', '/inbox', { token: founder })).body.items[0].title).toBe(
    '入孵申请审核中',
  );
  await h.service.exposed.dispatchNow();
  expect(sms.attempts).toHaveLength(before);
  await statusChange('info_requested'); // urgent
  await h.service.exposed.dispatchNow();
  expect(sms.attempts).toHaveLength(before + 1);
  expect(sms.attempts.at(-1)!.notice.title).toBe('入孵申请需补充材料');
  h.clock.now = new Date('2026-11-23T23:59:00Z'); // 07:59
  await h.service.exposed.dispatchNow();
  expect(sms.attempts).toHaveLength(before + 1);
  h.clock.now = new Date('2026-11-24T00:00:00Z'); // 08:00
  await h.service.exposed.dispatchNow();
  expect(sms.attempts).toHaveLength(before + 2);
  expect(sms.attempts.at(-1)!.notice.title).toBe('入孵申请审核中');
});

it('transient failures are retried with a growing backoff, then recorded as permanent', async () => {
  h.clock.now = new Date('2026-11-24T02:00:00Z');
  const transient = { ok: false as const, permanent: false, code: 'http-503', message: 'busy' };
  sms.script.push(transient, transient, transient);
  const before = sms.attempts.length;
  const eventId = await statusChange('under_review');
  await h.service.exposed.dispatchNow();
  expect(sms.attempts).toHaveLength(before + 1);
  h.clock.now = new Date(h.clock.now.getTime() + 59_000);
  await h.service.exposed.dispatchNow();
  expect(sms.attempts).toHaveLength(before + 1); // first backoff: 60 s
  h.clock.now = new Date(h.clock.now.getTime() + 1_000);
  await h.service.exposed.dispatchNow();
  expect(sms.attempts).toHaveLength(before + 2);
  h.clock.now = new Date(h.clock.now.getTime() + 119_000);
  await h.service.exposed.dispatchNow();
  expect(sms.attempts).toHaveLength(before + 2); // second backoff: 120 s
  h.clock.now = new Date(h.clock.now.getTime() + 1_000);
  await h.service.exposed.dispatchNow();
  expect(sms.attempts).toHaveLength(before + 3);
  const failures = await h.call('GET', '/failed-deliveries?channel=sms', { token: admin });
  expect(failures.body.items[0]).toMatchObject({
    channel: 'sms',
    sourceEventId: eventId,
    attempts: 3,
    reason: { code: 'http-503' },
    fallbackChannel: 'inbox',
  });
});

it('daily digest: followed news waits for the chosen time and arrives as one message, once', async () => {
  h.clock.now = MORNING;
  const reader = await h.founderToken('reader-1');
  await h.call('PUT', '/preferences', {
    token: reader,
    body: {
      channels: { inbox: true, wechat_subscribe: false, sms: false, email: false },
      digest: { daily: true, at: '20:00' },
    },
  });
  await h.call('PUT', `/follows/${CARRIER}`, { token: reader });
  for (const n of [1, 2]) {
    const id = await h.publish('cn.shuangchuang.news.article.published.v1', `art-${n}`, {
      articleId: `art-${n}`,
      revision: 1,
      kind: 'news',
      title: `德州孵化动态第${n}期`,
      publishedAt: MORNING.toISOString(),
      mentionedCarrierIds: [CARRIER],
    });
    await h.handled('notification.news-events', id);
  }
  expect((await h.call('GET', '/inbox', { token: reader })).body.items).toHaveLength(0);
  expect(await h.service.exposed.sendDigestsNow()).toBe(0);
  h.clock.now = new Date('2026-11-23T12:00:00Z'); // 20:00 in Shanghai
  expect(await h.service.exposed.sendDigestsNow()).toBe(1);
  expect(await h.service.exposed.sendDigestsNow()).toBe(0);
  const items = (await h.call('GET', '/inbox', { token: reader })).body.items;
  expect(items).toHaveLength(1);
  expect(items[0].category).toBe('digest');
  expect(items[0].title).toBe('2026-11-23 关注动态汇总（2 条）');
  expect(items[0].body).toContain('《德州孵化动态第1期》');
  expect(items[0].body).toContain('《德州孵化动态第2期》');
});

it('logs carry no phone number', () => {
  expect(h.logLines.join('\n')).not.toContain(MOBILE);
});
