// Ten simultaneous requests of every write a client may repeat: one effect, never a 5xx (#24).
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  startNotificationHarness,
  type CallResult,
  type NotificationHarness,
} from '../support/notification-harness.js';

const CARRIER = 'c-dezhou';
const TEMPLATE = 'dev-tpl-application-status';
let h: NotificationHarness;

beforeAll(async () => {
  h = await startNotificationHarness();
  await h.carrier(CARRIER, 1);
});
afterAll(async () => h?.stop());

const tenAtOnce = (request: (n: number) => Promise<CallResult>) =>
  Promise.all(Array.from({ length: 10 }, (_, n) => request(n)));

function expectNoServerError(answers: CallResult[]) {
  const statuses = answers.map((answer) => answer.status);
  expect(
    statuses.filter((status) => status >= 500),
    JSON.stringify(answers.filter((a) => a.status >= 500).map((a) => a.body)),
  ).toEqual([]);
  for (const answer of answers.filter((a) => a.status >= 400))
    expect(answer.headers.get('content-type')).toContain('application/problem+json');
  return statuses;
}

it('subscribe authorisations: ten keys at once for one founder each count once, never a 500 (E11000 on the ledger)', async () => {
  const token = await h.founderToken('founder-race');
  const answers = await tenAtOnce((n) =>
    h.call('POST', '/subscribe-authorisations', {
      token,
      headers: { 'idempotency-key': `race-key-${n}` },
      body: { openId: 'openid-race', results: [{ templateId: TEMPLATE, result: 'accept' }] },
    }),
  );
  const statuses = expectNoServerError(answers);
  for (const status of statuses) expect([200, 409]).toContain(status);
  const granted = statuses.filter((status) => status === 200).length;
  const ledger = await h.call('GET', '/subscribe-authorisations', { token });
  expect(ledger.body.items).toEqual([
    { templateId: TEMPLATE, event: 'application.status-changed', remaining: granted },
  ]);
  // a retry of each key is answered as before and grants nothing more
  await tenAtOnce((n) =>
    h.call('POST', '/subscribe-authorisations', {
      token,
      headers: { 'idempotency-key': `race-key-${n}` },
      body: { openId: 'openid-race', results: [{ templateId: TEMPLATE, result: 'accept' }] },
    }),
  );
  const after = await h.call('GET', '/subscribe-authorisations', { token });
  expect(after.body.items[0].remaining).toBeGreaterThanOrEqual(granted);
  expect(after.body.items[0].remaining).toBeLessThanOrEqual(10);
});

it('subscribe authorisations: ten copies of one request under one key grant once and all get its answer', async () => {
  const token = await h.founderToken('founder-twins');
  const answers = await tenAtOnce(() =>
    h.call('POST', '/subscribe-authorisations', {
      token,
      headers: { 'idempotency-key': 'twin-key' },
      body: { results: [{ templateId: TEMPLATE, result: 'accept' }] },
    }),
  );
  const statuses = expectNoServerError(answers);
  for (const status of statuses) expect([200, 409]).toContain(status);
  for (const answer of answers.filter((a) => a.status === 200))
    expect(answer.body.items).toEqual([
      { templateId: TEMPLATE, event: 'application.status-changed', remaining: 1 },
    ]);
  const ledger = await h.call('GET', '/subscribe-authorisations', { token });
  expect(ledger.body.items[0].remaining).toBe(1);
});

it('following one carrier ten times at once: one follow, ten 200s', async () => {
  const token = await h.founderToken('founder-follows');
  const answers = await tenAtOnce(() => h.call('PUT', `/follows/${CARRIER}`, { token }));
  expect(expectNoServerError(answers)).toEqual(Array(10).fill(200));
  expect(new Set(answers.map((a) => a.body.followedAt)).size).toBe(1);
  expect((await h.call('GET', '/follows', { token })).body.items).toHaveLength(1);
  const unfollowed = await tenAtOnce(() => h.call('DELETE', `/follows/${CARRIER}`, { token }));
  expect(expectNoServerError(unfollowed)).toEqual(Array(10).fill(204));
  expect((await h.call('GET', '/follows', { token })).body.items).toHaveLength(0);
});

it('first preferences ten times at once: one document, ten 200s with it', async () => {
  const token = await h.founderToken('founder-preferences');
  const chosen = {
    channels: { inbox: true, wechat_subscribe: false, sms: true, email: false },
    contacts: { mobile: '13912345678' },
    quietHours: { start: '22:00', end: '08:00' },
    digest: { daily: true, at: '21:00' },
  };
  const answers = await tenAtOnce(() => h.call('PUT', '/preferences', { token, body: chosen }));
  expect(expectNoServerError(answers)).toEqual(Array(10).fill(200));
  for (const answer of answers) expect(answer.body).toEqual(chosen);
  const stored = h.service.connection.collection('preferences');
  expect(await stored.countDocuments({ _id: 'founder-preferences' as never })).toBe(1);
});

it('reviewer registration ten times at once: each carrier once', async () => {
  const token = await h.staffToken('reviewer-race', ['reviewer'], [CARRIER, 'c-other']);
  const answers = await tenAtOnce(() => h.call('PUT', '/reviewer-registration', { token }));
  expect(expectNoServerError(answers)).toEqual(Array(10).fill(200));
  const rows = h.service.connection.collection('carrier_reviewers');
  expect(await rows.countDocuments({ userId: 'reviewer-race' })).toBe(2);
  const gone = await tenAtOnce(() => h.call('DELETE', '/reviewer-registration', { token }));
  expect(expectNoServerError(gone)).toEqual(Array(10).fill(204));
  expect(await rows.countDocuments({ userId: 'reviewer-race' })).toBe(0);
});

it('marking the inbox read ten times at once: every message marked once in all', async () => {
  const ids = await h.publishBatch(
    [1, 2, 3].map((n) => ({
      type: 'cn.shuangchuang.intake.application.submitted.v1',
      key: `app-read-${n}`,
      data: {
        applicationId: `app-read-${n}`,
        carrierId: CARRIER,
        founderUserId: 'founder-reader',
        status: 'submitted',
        submittedAt: '2026-11-23T02:00:00Z',
      },
    })),
  );
  for (const id of ids) await h.handled('notification.intake-events', id);
  const token = await h.founderToken('founder-reader');
  const [first] = (await h.call('GET', '/inbox', { token })).body.items;
  const one = await tenAtOnce(() => h.call('POST', `/inbox/${first.id}/read`, { token }));
  expect(expectNoServerError(one)).toEqual(Array(10).fill(200));
  const all = await tenAtOnce(() => h.call('POST', '/inbox/read-all', { token }));
  expect(expectNoServerError(all)).toEqual(Array(10).fill(200));
  expect(all.reduce((sum, answer) => sum + answer.body.marked, 0)).toBe(2);
  expect((await h.call('GET', '/inbox/unread-count', { token })).body.unreadCount).toBe(0);
});

it('deleting one’s data ten times at once: nothing left, ten 204s', async () => {
  const token = await h.founderToken('founder-leaving');
  await h.call('PUT', `/follows/${CARRIER}`, { token });
  await h.call('POST', '/subscribe-authorisations', {
    token,
    headers: { 'idempotency-key': 'leaving-1' },
    body: { results: [{ templateId: TEMPLATE, result: 'accept' }] },
  });
  const answers = await tenAtOnce(() => h.call('DELETE', '/me', { token }));
  expect(expectNoServerError(answers)).toEqual(Array(10).fill(204));
  const db = h.service.connection;
  expect(await db.collection('follows').countDocuments({ userId: 'founder-leaving' })).toBe(0);
  expect(
    await db
      .collection('idempotent_requests')
      .countDocuments({ scope: { $regex: '^founder-leaving\\|' } }),
  ).toBe(0);
  // the key is forgotten with the rest: using it again is a new request
  const again = await h.call('POST', '/subscribe-authorisations', {
    token,
    headers: { 'idempotency-key': 'leaving-1' },
    body: { results: [{ templateId: TEMPLATE, result: 'reject' }] },
  });
  expect(again.status).toBe(200);
});
