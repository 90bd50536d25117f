// News about carriers with many followers: chunks of followers per transaction (a fan-out job),
// each follower told once, preferences and quiet hours respected, and a worker that stops between
// two chunks taken over without anyone told twice or skipped. (10,000 followers: the benchmark.)
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FanOutJobDocument } from '../../src/data-access/models.js';
import {
  eventually,
  startNotificationHarness,
  type NotificationHarness,
  type RunningNotification,
} from '../support/notification-harness.js';

const CHUNK = 100;
const FOLLOWERS = 1_000;
const NEWS = 'notification.news-events';
let h: NotificationHarness;

/** A worker's chunks are held here when the test says so: the worker is as good as dead. */
let holdAfterChunk: ((told: number) => boolean) | undefined;
let releaseHeld!: () => void;
const held = new Promise<void>((resolve) => (releaseHeld = resolve));

beforeAll(async () => {
  h = await startNotificationHarness({
    env: { FANOUT_CHUNK_SIZE: String(CHUNK), FANOUT_LEASE_MS: '1000', FANOUT_POLL_MS: '50' },
    background: true,
    afterFanOutChunk: async (job) => {
      if (holdAfterChunk?.(job.told)) await held;
    },
  });
  await h.carrier('c-a', 1, { name: '启迪之星（德州）' });
  await h.carrier('c-b', 1, { name: '德州高新区创业服务中心' });
});
afterAll(async () => {
  releaseHeld();
  await h?.stop();
});

/** `count` followers of `carrierId` named `<prefix>-0000`…, written straight to the database. */
async function followers(prefix: string, carrierId: string, count: number) {
  const follows = Array.from({ length: count }, (_, n) => ({
    userId: `${prefix}-${String(n).padStart(4, '0')}`,
    carrierId,
    followedAt: new Date('2026-11-01T00:00:00Z'),
  }));
  await h.service.connection.collection('follows').insertMany(follows);
  return follows.map((follow) => follow.userId);
}

async function publishArticle(articleId: string, carrierIds: string[]) {
  const id = await h.publish('cn.shuangchuang.news.article.published.v1', articleId, {
    articleId,
    revision: 1,
    kind: 'news',
    title: '德州孵化载体联合路演日',
    publishedAt: '2026-11-23T02:00:00Z',
    mentionedCarrierIds: carrierIds,
  });
  await h.handled(NEWS, id);
  return id;
}

const jobs = () => h.service.connection.collection<FanOutJobDocument>('fan_out_jobs');

async function messagesPerUser(articleId: string) {
  const rows = await h.service.connection
    .collection('inbox')
    .aggregate<{ _id: string; n: number }>([
      { $match: { 'link.id': articleId } },
      { $group: { _id: '$userId', n: { $sum: 1 } } },
    ])
    .toArray();
  return new Map(rows.map((row) => [row._id, row.n]));
}

it('an article reaches every follower of its carriers once, a chunk per transaction, with their preferences', async () => {
  const ofA = await followers('fa', 'c-a', FOLLOWERS);
  await followers('fb', 'c-b', 50);
  // one founder follows both carriers; one chose the digest; one has quiet hours and SMS
  await h.service.connection
    .collection('follows')
    .insertOne({ userId: 'fa-0007', carrierId: 'c-b', followedAt: new Date() });
  const digestReader = await h.founderToken('fa-0010');
  await h.call('PUT', '/preferences', {
    token: digestReader,
    body: {
      channels: { inbox: true, wechat_subscribe: false, sms: false, email: false },
      digest: { daily: true, at: '20:00' },
    },
  });
  const night = await h.founderToken('fa-0020');
  await h.call('PUT', '/preferences', {
    token: night,
    body: {
      channels: { inbox: true, wechat_subscribe: false, sms: true, email: false },
      contacts: { mobile: '13912345678' },
      quietHours: { start: '09:00', end: '18:00' }, // 10:00 in Shanghai now: quiet
    },
  });

  const eventId = await publishArticle('art-fan', ['c-a', 'c-b']);
  await eventually(
    async () => (await jobs().findOne({ sourceEventId: eventId }))?.state === 'done',
  );
  const job = (await jobs().findOne({ sourceEventId: eventId }))!;
  expect(job.told).toBe(FOLLOWERS + 50);
  // a bounded number of transactions: one per chunk of at most CHUNK follows
  expect(job.chunks).toBeGreaterThanOrEqual(Math.ceil((FOLLOWERS + 51) / CHUNK));
  expect(job.chunks).toBeLessThanOrEqual(Math.ceil((FOLLOWERS + 51) / (CHUNK - 1)));

  const told = await messagesPerUser('art-fan');
  expect(told.size).toBe(FOLLOWERS + 50 - 1); // the digest reader waits for 20:00
  expect([...told.values()].every((n) => n === 1)).toBe(true);
  expect(told.has('fa-0010')).toBe(false);
  const digest = h.service.connection.collection('digest_entries');
  expect(await digest.countDocuments({ userId: 'fa-0010', articleId: 'art-fan' })).toBe(1);

  const inbox = h.service.connection.collection('inbox');
  const both = await inbox.findOne({ userId: 'fa-0007', 'link.id': 'art-fan' });
  expect(both!.body).toContain('启迪之星（德州）、德州高新区创业服务中心');
  // push queues: WeChat by default; SMS after the quiet hours for the one who chose them
  const deliveries = h.service.connection.collection('deliveries');
  expect(
    await deliveries.countDocuments({ sourceEventId: eventId, channel: 'wechat_subscribe' }),
  ).toBe(FOLLOWERS + 50 - 2);
  const sms = await deliveries.findOne({ sourceEventId: eventId, userId: 'fa-0020' });
  expect(sms).toMatchObject({ channel: 'sms', notBefore: new Date('2026-11-23T10:00:00Z') });
  expect(ofA).toHaveLength(FOLLOWERS);
});

it('a few followers are told in the event’s own transaction, without a job', async () => {
  await followers('small', 'c-small', 5);
  await h.carrier('c-small', 1, { name: '小型众创空间' });
  const eventId = await publishArticle('art-small', ['c-small']);
  expect((await messagesPerUser('art-small')).size).toBe(5);
  expect(await jobs().countDocuments({ sourceEventId: eventId })).toBe(0);
});

it('a worker that stops between two chunks is taken over: everyone told once, no one skipped', async () => {
  await followers('fc', 'c-c', 600);
  await h.carrier('c-c', 1, { name: '德州市科技企业孵化器' });
  // this instance's worker stops for good after its third chunk (as a process killed there)
  holdAfterChunk = (count) => count >= 3 * CHUNK;
  const eventId = await publishArticle('art-crash', ['c-c']);
  await eventually(
    async () => ((await jobs().findOne({ sourceEventId: eventId }))?.told ?? 0) >= 300,
  );
  const stalled = (await jobs().findOne({ sourceEventId: eventId }))!;
  expect(stalled).toMatchObject({ state: 'running', told: 3 * CHUNK, chunks: 3 });
  expect((await messagesPerUser('art-crash')).size).toBe(3 * CHUNK);

  // another process on the same database takes the job over once the lease lapses
  let restarted: RunningNotification | undefined;
  try {
    restarted = await h.startAnother({ background: true });
    await eventually(
      async () => (await jobs().findOne({ sourceEventId: eventId }))?.state === 'done',
    );
    // the stopped worker wakes: its next chunk finds the job moved on and is undone
    releaseHeld();
    await eventually(() =>
      h.logLines.some((line) => line.includes('taken over by another worker')),
    );
  } finally {
    await restarted?.stop();
  }
  const done = (await jobs().findOne({ sourceEventId: eventId }))!;
  expect(done.told).toBe(600);
  const told = await messagesPerUser('art-crash');
  expect(told.size).toBe(600);
  expect([...told.values()].every((n) => n === 1)).toBe(true);
});
