// Chaos (bounded, loopback only): applications are submitted and reviewed while the notification
// service is SIGKILLed and restarted twice, and (on a stack with data on disk) while the broker is
// SIGKILLed and restarted once; each founder must get exactly one inbox message per status change —
// none lost, none doubled. Scaled to this machine: CHAOS_FOUNDERS (24), CHAOS_BROKER_FOUNDERS (12).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
  staffToken,
  startSystem,
} from './support/system.mjs';
import { killService, restartInfrastructure, restartService } from './support/restart.mjs';

const FOUNDERS = Number(process.env.CHAOS_FOUNDERS ?? 24);
const BROKER_FOUNDERS = Number(process.env.CHAOS_BROKER_FOUNDERS ?? 12);
const CONCURRENCY = 4;
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

/**
 * Calls `request` until it answers below 500 (the gateway says 502 while a service is down; a
 * service answers 5xx while its database is), or throws after `timeoutMs`.
 */
let retries = 0;

async function retrying(request, { timeoutMs = 120_000 } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    try {
      const result = await request();
      if (!result?.response || result.response.status < 500) return result;
      last = `${result.response.status} ${JSON.stringify(result.error)}`;
    } catch (error) {
      last = error.message;
    }
    retries += 1;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`still failing after ${timeoutMs} ms: ${last}`);
}

/**
 * Runs `founders` journeys (login, draft, submit, under_review, accepted), CONCURRENCY at a time,
 * applies each disruption when its share of journeys is done, then checks every founder has exactly
 * one message per status change.
 */
async function runChaos(stack, founders, disruptions) {
  const { gatewayUrl } = stack;
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

  let done = 0;
  const journeys = [];
  const runFounder = async (n) => {
    const name = `chaos-${n}-${randomUUID().slice(0, 6)}`;
    const login = await retrying(() => founderLogin(gatewayUrl, name));
    const intake = createIntakeClient({ baseUrl: gatewayUrl, token: login.token });
    // Fixed idempotency keys and bodies: a retry after a lost answer returns the first result
    // (the body carries a consent timestamp, so building it per attempt would be a new request).
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
    journeys.push({ n, token: login.token, applicationId });
    done += 1;
  };
  let failure;
  const workload = (async () => {
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < founders && !failure) await runFounder(next++);
      }),
    );
  })().catch((error) => {
    failure = error;
  });

  const started = Date.now();
  for (const { share, name, restart } of disruptions) {
    const mark = Math.ceil(founders * share);
    await eventually(() => done >= mark || failure, {
      timeoutMs: 150_000,
      what: `${mark} journeys done`,
    });
    if (failure) break;
    await killService(stack, name);
    const killedAt = Date.now();
    await restart(stack, name);
    console.log(
      `${name} SIGKILLed after ${mark} journeys (${killedAt - started} ms), up again in ${Date.now() - killedAt} ms`,
    );
  }
  await workload;
  if (failure) throw failure;
  expect(journeys).toHaveLength(founders);

  const inboxOf = async ({ token, applicationId }) => {
    const r = await createNotificationClient({ baseUrl: gatewayUrl, token }).GET('/inbox', {
      params: { query: { limit: 50 } },
    });
    return r.data.items.filter((m) => m.link?.id === applicationId);
  };
  await eventually(
    async () => {
      const counts = await Promise.all(journeys.map(async (j) => (await inboxOf(j)).length));
      return counts.every((c) => c >= STATUSES.length);
    },
    { timeoutMs: 120_000, intervalMs: 1000, what: 'every founder has three messages' },
  );
  // Give a late redelivery the chance to show up as a duplicate before counting exactly.
  await new Promise((resolve) => setTimeout(resolve, 5000));
  for (const journey of journeys) {
    const titles = (await inboxOf(journey)).map((m) => m.title).sort();
    expect(titles, `founder ${journey.n}`).toHaveLength(STATUSES.length);
    expect(new Set(titles).size, `founder ${journey.n}: ${titles.join(', ')}`).toBe(
      STATUSES.length,
    );
  }
  console.log(
    `chaos: ${founders} journeys, ${founders * STATUSES.length} messages, none lost or doubled (${retries} retried calls so far)`,
  );
  return journeys;
}

describe('chaos: notification killed and restarted twice during submissions and reviews', () => {
  let stack;

  beforeAll(async () => {
    stack = await startSystem();
    console.log(`system started in ${stack.startMs} ms; ${FOUNDERS} founders`);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('each founder gets exactly one message per status change', async () => {
    await runChaos(stack, FOUNDERS, [
      { share: 1 / 3, name: 'notification', restart: restartService },
      { share: 2 / 3, name: 'notification', restart: restartService },
    ]);
    // Each restart takes ~30 s to answer: notification joins its consumer groups (30 s session of
    // the killed member) before it listens.
  }, 300_000);
});

describe('chaos: the broker killed and restarted once (data on disk)', () => {
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

  it('each founder gets exactly one message per status change', async () => {
    await runChaos(stack, BROKER_FOUNDERS, [
      { share: 1 / 2, name: 'kafka', restart: restartInfrastructure },
    ]);
  });

  it('the database killed and restarted mid-load: no acknowledged write lost, services recover', async () => {
    const journeys = await runChaos(stack, BROKER_FOUNDERS, [
      { share: 1 / 2, name: 'mongo', restart: restartInfrastructure },
    ]);
    // Every acknowledged write is stored: each application is there, accepted.
    const mongo = await connectMongo(stack.mongoUrl);
    try {
      const { databases } = await mongo.db().admin().listDatabases();
      let stored = [];
      for (const { name } of databases) {
        const names = (await mongo.db(name).listCollections().toArray()).map((c) => c.name);
        if (!names.includes('applications') || !names.includes('founders')) continue;
        stored = await mongo.db(name).collection('applications').find({}).toArray();
      }
      const byId = new Map(stored.map((a) => [String(a._id), a.status]));
      for (const { applicationId } of journeys) expect(byId.get(applicationId)).toBe('accepted');
    } finally {
      await mongo.close();
    }
  });
});
