// Chaos (bounded, loopback only), on a stack with data on disk:
// - CHAOS_SUBMISSIONS (1,000) founders apply and are reviewed while the notification service is
//   SIGKILLed and restarted twice and the broker SIGKILLed and restarted once; each founder must
//   get exactly one inbox message per status change: none lost, none doubled.
// - CHAOS_DB_SUBMISSIONS (200) more while the database server is SIGKILLed and restarted: every
//   acknowledged write is stored and the services recover without a restart of their own.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createIntakeClient,
  createNotificationClient,
  createRegistryClient,
} from '@shuangchuang/contracts';
import { needsEmbeddedServers } from '@shuangchuang/test-infrastructure';
import {
  connectMongo,
  eventually,
  founderLogin,
  randomUUID,
  staffToken,
  startSystem,
} from './support/system.mjs';

const SUBMISSIONS = Number(process.env.CHAOS_SUBMISSIONS ?? 1000);
const DB_SUBMISSIONS = Number(process.env.CHAOS_DB_SUBMISSIONS ?? 200);
const CONCURRENCY = Number(process.env.CHAOS_CONCURRENCY ?? 16);
const STATUSES = ['submitted', 'under_review', 'accepted'];

function applicationInput(carrierId, n) {
  return {
    carrierId,
    applicant: {
      name: `测试${n}`,
      mobile: `139${String(10000000 + n)}`,
      email: `f${n}@example.com`,
    },
    company: null,
    team: [{ name: `测试${n}`, role: '创始人' }],
    project: {
      name: `混沌测试项目${n}`,
      summary: '系统测试：通知服务被杀死并重启时的入孵申请。',
      industry: '智能制造',
      stage: 'idea',
    },
    needs: {
      spaceSquareMeters: 20,
      mentoring: true,
      financing: false,
      training: false,
      sharedInstruments: false,
      policyHelp: false,
    },
    attachments: [],
    consent: { accepted: true, policyVersion: '2026-01', at: new Date().toISOString() },
  };
}

let retries = 0;

/**
 * Calls `request` until it answers below 500 (the gateway says 502 while a service is down; a
 * service answers 5xx while its database is) and without Retry-After (a 409 while the same
 * request is still in progress, or its claim on the Idempotency-Key has yet to lapse), or throws
 * after `timeoutMs`.
 */
async function retrying(request, { timeoutMs = 120_000 } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    try {
      const result = await request();
      const status = result?.response?.status;
      if (!result?.response || (status < 500 && !result.response.headers.has('retry-after'))) {
        return result;
      }
      last = `${result.response.status} ${JSON.stringify(result.error)}`;
    } catch (error) {
      last = error.message;
    }
    retries += 1;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`still failing after ${timeoutMs} ms: ${last}`);
}

/** Runs `work` over `items`, `limit` at a time; stops taking new items after the first failure. */
async function inPool(items, limit, work) {
  let next = 0;
  let failure;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length && !failure) {
        const item = items[next++];
        try {
          await work(item);
        } catch (error) {
          failure ??= error;
        }
      }
    }),
  );
  if (failure) throw failure;
}

/** What every round needs: 启迪之星（德州）, known to application-intake, and its reviewer. */
async function prepare(gatewayUrl) {
  const registry = createRegistryClient({ baseUrl: gatewayUrl });
  const found = await registry.GET('/carriers', { params: { query: { q: '启迪之星' } } });
  const carrierId = found.data.items.find((c) => c.name === '启迪之星（德州）').id;
  const reviewer = createIntakeClient({
    baseUrl: gatewayUrl,
    token: await staffToken({
      sub: 'chaos-reviewer',
      roles: ['reviewer'],
      carrierIds: [carrierId],
    }),
  });
  await eventually(
    async () =>
      (
        await reviewer.GET('/carriers/{carrierId}/intake-policy', {
          params: { path: { carrierId } },
        })
      ).response.status === 200,
    { what: 'application-intake knows the carrier' },
  );
  return { carrierId, reviewer };
}

/** One founder: log in, draft, submit; a reviewer moves it to under_review, then accepted. */
async function journey(gatewayUrl, { carrierId, reviewer }, n) {
  const login = await retrying(() => founderLogin(gatewayUrl, `chaos-${n}-${randomUUID()}`));
  const intake = createIntakeClient({ baseUrl: gatewayUrl, token: login.token });
  // Fixed idempotency keys and bodies: a retry after a lost answer returns the first result.
  const createKey = randomUUID();
  const input = applicationInput(carrierId, n);
  const draft = await retrying(() =>
    intake.POST('/applications', {
      params: { header: { 'Idempotency-Key': createKey } },
      body: input,
    }),
  );
  if (draft.response.status !== 201) throw new Error(`create: ${JSON.stringify(draft.error)}`);
  const applicationId = draft.data.id;
  const submitKey = randomUUID();
  const submitted = await retrying(() =>
    intake.POST('/applications/{applicationId}/submit', {
      params: { path: { applicationId }, header: { 'Idempotency-Key': submitKey } },
    }),
  );
  if (submitted.response.status !== 200) {
    throw new Error(`submit: ${JSON.stringify(submitted.error)}`);
  }
  for (const to of ['under_review', 'accepted']) {
    const moved = await retrying(() =>
      reviewer.POST('/applications/{applicationId}/transitions', {
        params: { path: { applicationId } },
        body: { to },
      }),
    );
    if (moved.response.status === 409) {
      // A retry of a transition whose first answer was lost: fine if the status is there.
      const current = await retrying(() =>
        reviewer.GET('/applications/{applicationId}', { params: { path: { applicationId } } }),
      );
      if (current.data?.status === to) continue;
    }
    if (moved.response.status !== 200) throw new Error(`${to}: ${JSON.stringify(moved.error)}`);
  }
  return { n, token: login.token, applicationId, acceptedAt: Date.now() };
}

/**
 * Runs `founders` journeys, CONCURRENCY at a time, SIGKILLs and restarts each disrupted part when
 * its share of journeys is done, then checks every founder has exactly one message per status.
 */
async function runChaos(stack, founders, disruptions) {
  const { gatewayUrl } = stack;
  const prepared = await prepare(gatewayUrl);
  const journeys = [];
  const started = Date.now();
  const workload = inPool(
    Array.from({ length: founders }, (_, n) => n),
    CONCURRENCY,
    async (n) => journeys.push(await journey(gatewayUrl, prepared, n)),
  );
  let failed = false;
  workload.catch(() => (failed = true));

  const kills = [];
  for (const { share, name } of disruptions) {
    const mark = Math.ceil(founders * share);
    await eventually(() => journeys.length >= mark || failed, {
      timeoutMs: 600_000,
      intervalMs: 100,
      what: `${mark} journeys done`,
    });
    if (failed) break;
    await stack.kill(name);
    const killedAt = Date.now();
    kills.push({ name, killedAt });
    await stack.restart(name);
    console.log(
      `${name} SIGKILLed after ${journeys.length} journeys (${killedAt - started} ms), up again in ${Date.now() - killedAt} ms`,
    );
  }
  await workload;
  const workloadMs = Date.now() - started;
  expect(journeys).toHaveLength(founders);

  // Read each founder's inbox until it holds all three; then once more, after a pause that gives a
  // late redelivery the chance to show up as a duplicate.
  const inboxOf = async ({ token, applicationId }) => {
    const r = await retrying(() =>
      createNotificationClient({ baseUrl: gatewayUrl, token }).GET('/inbox', {
        params: { query: { limit: 50 } },
      }),
    );
    return r.data.items.filter((m) => m.link?.id === applicationId);
  };
  let waiting = journeys;
  await eventually(
    async () => {
      const incomplete = [];
      await inPool(waiting, 8, async (j) => {
        if ((await inboxOf(j)).length < STATUSES.length) incomplete.push(j);
      });
      waiting = incomplete;
      return waiting.length === 0;
    },
    { timeoutMs: 300_000, intervalMs: 1000, what: 'every founder has three messages' },
  ).catch((error) => {
    throw new Error(`${error.message} (${waiting.length} founders still short)`);
  });
  await new Promise((resolve) => setTimeout(resolve, 5000));
  const wrong = [];
  // delivery delay: from the last status change's answer to its message in the inbox
  const delays = new Map();
  await inPool(journeys, 8, async (j) => {
    const messages = await inboxOf(j);
    const lastWritten = Math.max(...messages.map((m) => Date.parse(m.createdAt)));
    delays.set(j, Math.max(0, lastWritten - j.acceptedAt));
    const titles = messages.map((m) => m.title);
    if (titles.length !== STATUSES.length || new Set(titles).size !== STATUSES.length) {
      wrong.push(`founder ${j.n}: ${titles.join(', ')}`);
    }
  });
  expect(wrong).toEqual([]);
  kills.forEach(({ name, killedAt }, k) => {
    const until = kills[k + 1]?.killedAt ?? Infinity;
    const after = journeys.filter((j) => j.acceptedAt >= killedAt && j.acceptedAt < until);
    const longest = Math.max(0, ...after.map((j) => delays.get(j)));
    console.log(
      `chaos: after ${name}'s kill, longest delivery delay ${longest} ms over ${after.length} journeys`,
    );
  });
  console.log(
    `chaos: ${founders} journeys in ${workloadMs} ms (${CONCURRENCY} at a time), ${founders * STATUSES.length} messages, none lost or doubled (${retries} retried calls so far)`,
  );
  return journeys;
}

const killsTheServers = needsEmbeddedServers('chaos (SIGKILLs the broker and the database)');

describe.skipIf(killsTheServers)('chaos on a stack with data on disk', () => {
  let stack;
  let dataDir;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'system-tests-chaos-'));
    stack = await startSystem({ dataDir });
    console.log(`system with data in ${dataDir} started in ${stack.startMs} ms`);
  });

  afterAll(async () => {
    await stack?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it(`${SUBMISSIONS} submissions while notification is killed twice and the broker once: exactly one message per status change`, async () => {
    await runChaos(stack, SUBMISSIONS, [
      { share: 1 / 4, name: 'notification' },
      { share: 2 / 4, name: 'kafka' },
      { share: 3 / 4, name: 'notification' },
    ]);
  }, 1_200_000);

  it(`the database killed and restarted during ${DB_SUBMISSIONS} submissions: no acknowledged write lost, services recover on their own`, async () => {
    const servicePids = () =>
      stack.children
        .filter((c) => c.role === 'service' && !c.exited)
        .map((c) => `${c.name}:${c.child.pid}`)
        .sort();
    const before = servicePids();
    const journeys = await runChaos(stack, DB_SUBMISSIONS, [{ share: 1 / 3, name: 'mongo' }]);
    expect(servicePids()).toEqual(before);

    // Every acknowledged write is stored: each application is there, accepted, with its history.
    const mongo = await connectMongo(stack.mongoUrl);
    try {
      const intake = mongo.db('application-intake');
      const ids = journeys.map((j) => j.applicationId);
      const stored = await intake
        .collection('applications')
        .find({ _id: { $in: ids } })
        .toArray();
      const statusOf = new Map(stored.map((a) => [String(a._id), a.status]));
      expect(ids.filter((id) => statusOf.get(id) !== 'accepted')).toEqual([]);
      const transitions = stored.reduce((sum, a) => sum + a.timeline.length, 0);
      expect(transitions).toBe(ids.length * STATUSES.length);
    } finally {
      await mongo.close();
    }
  }, 900_000);
});
