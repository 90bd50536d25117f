// submit → inbox message written, end to end: founders submit applications through
// application-intake (its built dist/main.js, a child process), its outbox relay publishes
// intake.application.v1, this service (dist/main.js, a child process) handles it. Broker and
// database run in a third process. Prints figures; asserts nothing.
// Visible = the message is in the notification database, which GET /inbox answers from: the
// benchmark reads it every POLL_MS with one query for all waiting founders (polling each
// founder over REST would load the service being measured); after the run every founder's
// GET /inbox/unread-count must say 1 (nothing lost, nothing doubled).
// Each service reaches the database through a proxy that counts its commands by name.
// Baseline, in the same run at the same rate and poll interval: a bare pipeline in this process
// (an express POST that produces one kafkajs message, a kafkajs consumer that marks the founder)
// on the same broker, with no database and no service.
//   RATE=60 SECONDS=60 ROUNDS=1 npm run bench
// MODE=events publishes intake.application.v1 submitted events directly instead of going
// through application-intake (latency then starts at the publish).
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import {
  createRounds,
  processCpuSeconds,
  recordBenchmark,
  summarizeLatencies,
} from '@shuangchuang/bench-kit';
import { signDevToken } from '@shuangchuang/service-kit';
import { startTestInfrastructureProcess } from '@shuangchuang/test-infrastructure';
import express from 'express';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import mongoose from 'mongoose';
import type { AddressInfo } from 'node:net';
import {
  carrierCreated,
  publishEvent,
  runNote,
  startChild,
  stopChildren,
  waitFor,
} from './bench-processes.js';
import { commandsPer, startCommandCounter, type CommandCounter } from './command-counter.js';

const RATE = Number(process.env.RATE ?? 60);
const SECONDS = Number(process.env.SECONDS ?? 60);
const ROUNDS = Number(process.env.ROUNDS ?? 1);
// How long one submission may take to become visible before it counts as late.
const VISIBLE_WITHIN_MS = 60_000;
const MODE = process.env.MODE ?? 'intake';
const POLL_MS = Number(process.env.POLL_MS ?? 10);
const CARRIER = 'c-bench';
const NOTIFICATION_PORT = 3904;
const INTAKE_PORT = 3903;
const GOAL = { rate: 60, seconds: 60, p50: 50, p99: 250, cpuMs: 25 };
let stopInfrastructure: (() => Promise<void>) | undefined;
const counters: CommandCounter[] = [];

async function json(url: string, init: RequestInit & { token?: string } = {}) {
  const response = await fetch(url, {
    ...init,
    headers: {
      'content-type': 'application/json',
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
      ...(init.headers as Record<string, string>),
    },
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

/** Runs `work` for each item, `concurrency` at a time. */
async function eachLimited<T>(
  items: T[],
  concurrency: number,
  work: (item: T, i: number) => Promise<void>,
) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) {
        const i = next++;
        await work(items[i]!, i);
      }
    }),
  );
}

const applicationInput = {
  carrierId: CARRIER,
  applicant: { name: '李明', mobile: '13912345678', email: 'liming@example.com' },
  company: {
    name: '德州智视科技有限公司',
    creditCode: '91440300708461136T',
    foundedOn: '2025-03-18',
  },
  team: [{ name: '李明', role: '创始人、CEO' }],
  project: {
    name: '工业视觉质检平台',
    summary: '面向中小制造企业的低成本机器视觉缺陷检测系统。',
    industry: '智能制造',
    stage: 'prototype',
    intellectualProperty: [],
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
  attachments: [],
  consent: { accepted: true, policyVersion: '2026-01', at: '2026-11-20T02:25:00Z' },
};

interface Founder {
  token: string;
  userId: string;
  applicationId?: string;
}

interface Pipeline {
  submit(founder: Founder, i: number): Promise<void>;
  /** which of these founders' messages are visible now */
  visible(founders: Founder[]): Promise<Set<string>>;
}

async function main() {
  const infrastructure = await startTestInfrastructureProcess();
  stopInfrastructure = () => infrastructure.stop();
  const { mongoUrl, kafkaBrokers: brokers } = infrastructure;
  const database = new URL(mongoUrl);
  const viaCounter = async () => {
    const counter = await startCommandCounter({
      host: database.hostname,
      port: Number(database.port),
    });
    counters.push(counter);
    const url = new URL(mongoUrl);
    url.port = String(counter.port);
    return { counter, url: url.toString() };
  };
  // Where the CPU goes during the measured rounds, per process.
  const processes: Record<string, number | undefined> = {
    'broker + database': infrastructure.pid,
    'benchmark client': process.pid,
  };
  const notificationDb = await viaCounter();
  processes.notification = startChild('services/notification/dist/main.js', {
    MONGO_URL: notificationDb.url,
    KAFKA_BROKERS: brokers.join(','),
    PORT: String(NOTIFICATION_PORT),
  }).pid;
  const commandCounters: Record<string, CommandCounter> = { notification: notificationDb.counter };
  const notification = `http://127.0.0.1:${NOTIFICATION_PORT}/api/notification`;
  const intake = `http://127.0.0.1:${INTAKE_PORT}/api/application-intake`;
  if (MODE === 'intake') {
    const intakeDb = await viaCounter();
    commandCounters['application-intake'] = intakeDb.counter;
    processes['application-intake'] = startChild('services/application-intake/dist/main.js', {
      MONGO_URL: intakeDb.url,
      KAFKA_BROKERS: brokers.join(','),
      PORT: String(INTAKE_PORT),
      // thousands of founders log in from this one client: the login limits are not measured here
      LOGIN_RATE_LIMIT_PER_CLIENT: 'off',
      LOGIN_RATE_LIMIT_PER_IDENTITY: 'off',
      ACCOUNT_CREATION_RATE_LIMIT_PER_CLIENT: 'off',
      ACCOUNT_CREATION_RATE_LIMIT: 'off',
    }).pid;
  }
  await waitFor(
    async () => (await fetch(`http://127.0.0.1:${NOTIFICATION_PORT}/readyz`)).ok,
    120_000,
    'notification',
  );
  if (MODE === 'intake')
    await waitFor(
      async () => (await fetch(`http://127.0.0.1:${INTAKE_PORT}/readyz`)).ok,
      120_000,
      'application-intake',
    );

  const kafka = new Kafka({ clientId: 'bench', brokers, logLevel: logLevel.NOTHING });
  const producer = kafka.producer();
  await producer.connect();
  await publishEvent(
    producer,
    'cn.shuangchuang.registry.incubator.created.v1',
    CARRIER,
    carrierCreated(CARRIER, '启迪之星（德州）'),
  );
  const client = await new mongoose.mongo.MongoClient(mongoUrl).connect();
  const inbox = client.db('notification').collection<{ userId: string }>('inbox');
  await waitFor(
    async () => (await client.db('notification').collection('carriers').countDocuments()) === 1,
    60_000,
    'the carrier in notification',
  );

  const perRound = RATE * SECONDS;
  // Founders and their drafts are prepared first; only submit → inbox is measured.
  const founders: Founder[] = new Array(perRound * ROUNDS);
  await eachLimited([...founders.keys()], 6, async (i) => {
    if (MODE !== 'intake') {
      const userId = `bench-founder-${i}`;
      founders[i] = {
        token: await signDevToken({ sub: userId, roles: ['founder'] }),
        userId,
      };
      return;
    }
    const login = await json(`${intake}/auth/login`, {
      method: 'POST',
      body: JSON.stringify({ code: `dev:bench-${i}` }),
    });
    const token = login.body.token as string;
    let draft = { status: 0, body: null as any };
    await waitFor(
      async () => {
        draft = await json(`${intake}/applications`, {
          method: 'POST',
          token,
          headers: { 'idempotency-key': `draft-${i}-${randomUUID()}` },
          body: JSON.stringify(applicationInput),
        });
        return draft.status === 201;
      },
      60_000,
      `draft ${i}: ${JSON.stringify(draft.body)}`,
    );
    const payload = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as {
      sub: string;
    };
    founders[i] = { token, userId: payload.sub, applicationId: draft.body.id };
  });
  process.stdout.write(
    `prepared ${founders.length} founders (${MODE}); each round submits ${RATE}/s for ${SECONDS} s, ${ROUNDS} rounds; load ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join('/')}\n`,
  );

  const bare = await startBarePipeline(kafka, producer);
  const service: Pipeline = {
    async submit(founder, i) {
      if (MODE === 'intake') {
        const submitted = await json(`${intake}/applications/${founder.applicationId}/submit`, {
          method: 'POST',
          token: founder.token,
          headers: { 'idempotency-key': `submit-${randomUUID()}` },
        });
        if (submitted.status !== 200) throw new Error(`submit ${i}: HTTP ${submitted.status}`);
      } else {
        await publishEvent(
          producer,
          'cn.shuangchuang.intake.application.submitted.v1',
          `app-${i}`,
          {
            applicationId: `app-${i}`,
            carrierId: CARRIER,
            founderUserId: founder.userId,
            status: 'submitted',
            submittedAt: new Date().toISOString(),
          },
        );
      }
    },
    async visible(waiting) {
      const found = await inbox
        .find(
          { userId: { $in: waiting.map((f) => f.userId) } },
          { projection: { _id: 0, userId: 1 } },
        )
        .toArray();
      return new Set(found.map((message) => message.userId));
    },
  };

  const BARE = 'bare pipeline: express POST → kafkajs → consumer';
  const SERVICE =
    MODE === 'intake'
      ? 'submit through application-intake → inbox message written'
      : 'submitted event published → inbox message written';
  const rounds = createRounds({
    p50: { unit: 'ms', better: 'lower' },
    p99: { unit: 'ms', better: 'lower' },
    'submit p50': { unit: 'ms', better: 'lower' },
    'submit p99': { unit: 'ms', better: 'lower' },
    'cpu per submission': { unit: 'ms CPU', better: 'lower' },
  });
  const late: { pipeline: Pipeline; founder: Founder }[] = [];
  let visibleCount = 0;
  const failedSubmits: { founder: Founder; error: string }[] = [];
  const cpuSeconds: Record<string, number> = Object.fromEntries(
    Object.keys(processes).map((name) => [name, 0]),
  );
  const commandsBefore = new Map<string, Map<string, number>>();
  const commandsAfter = new Map<string, Map<string, number>>();
  for (let round = 1; round <= ROUNDS; round++) {
    const roundFounders = founders.slice((round - 1) * perRound, round * perRound);
    for (const [label, pipeline] of [
      [BARE, bare.pipeline],
      [SERVICE, service],
    ] as const) {
      const cpuBefore = Object.values(processes).map(processCpuSeconds);
      if (pipeline === service && round === ROUNDS)
        for (const [name, counter] of Object.entries(commandCounters))
          commandsBefore.set(name, counter.snapshot());
      const figures = await offer(pipeline, roundFounders);
      const roundCpu = Object.values(processes).map(
        (pid, i) => processCpuSeconds(pid) - cpuBefore[i]!,
      );
      if (pipeline === service) {
        visibleCount += figures.latencies.length;
        Object.keys(processes).forEach((name, i) => (cpuSeconds[name]! += roundCpu[i]!));
        if (round === ROUNDS)
          for (const [name, counter] of Object.entries(commandCounters))
            commandsAfter.set(name, counter.snapshot());
      }
      late.push(...figures.late.map((founder) => ({ pipeline, founder })));
      if (pipeline === service) failedSubmits.push(...figures.failed);
      const visible = summarizeLatencies(figures.latencies);
      const submit = summarizeLatencies(figures.submitLatencies);
      const cpuPerSubmission =
        (roundCpu.reduce((sum, s) => sum + s, 0) * 1000) / roundFounders.length;
      rounds.add(label, {
        p50: visible.p50,
        p99: visible.p99,
        'submit p50': submit.p50,
        'submit p99': submit.p99,
        'cpu per submission': cpuPerSubmission,
      });
      process.stdout.write(
        `r${round} ${label}\n` +
          `   submit: p50 ${ms(submit.p50)}, p99 ${ms(submit.p99)}; submit → visible: p50 ${ms(visible.p50)}, p99 ${ms(visible.p99)}, max ${ms(visible.max)}; ` +
          `visible ${figures.latencies.length}/${roundFounders.length}, late ${figures.late.length}, submits failed ${figures.failed.length}${failedSummary(figures.failed)}, run ${figures.seconds.toFixed(1)} s; ` +
          `CPU ${cpuPerSubmission.toFixed(1)} ms per submission (all processes)\n`,
      );
    }
  }
  // Late is not lost: give the backlog another minute to drain, then count what never came.
  let lost = late.length;
  const drainDeadline = performance.now() + 60_000;
  while (lost > 0 && performance.now() < drainDeadline) {
    await new Promise((resolve) => setTimeout(resolve, 2000));
    lost = 0;
    for (const { pipeline, founder } of late)
      if (!(await pipeline.visible([founder])).has(founder.userId)) lost += 1;
  }
  // Nothing doubled, and the API says what the database says: every founder has exactly one.
  let doubledOrMissing = 0;
  const notSubmitted = new Set(failedSubmits.map(({ founder }) => founder.userId));
  const submitted = founders.filter((founder) => !notSubmitted.has(founder.userId));
  await eachLimited(submitted, 4, async (founder) => {
    const count = await json(`${notification}/inbox/unread-count`, { token: founder.token });
    if (count.body?.unreadCount !== 1) doubledOrMissing += 1;
  });
  process.stdout.write(
    `mode ${MODE}, offered ${RATE}/s for ${SECONDS} s per round, visibility read every ${POLL_MS} ms; ` +
      `submits failed ${failedSubmits.length}${failedSummary(failedSubmits)}; late ${late.length}, never visible after a further 60 s drain: ${lost}; ` +
      `founders submitted whose unread count is not exactly 1: ${doubledOrMissing}\n`,
  );

  // CPU per submission across every process, and the rate two fully busy cores would allow.
  const submissions = perRound * ROUNDS;
  const cpuPerSubmission = Object.entries(cpuSeconds).map(
    ([name, seconds]) => `${name} ${((seconds * 1000) / submissions).toFixed(1)} ms`,
  );
  const totalCpuMs =
    (Object.values(cpuSeconds).reduce((sum, seconds) => sum + seconds, 0) * 1000) / submissions;
  const serviceCpuMs =
    (Object.entries(cpuSeconds)
      .filter(([name]) => name !== 'benchmark client')
      .reduce((sum, [, s]) => sum + s, 0) *
      1000) /
    submissions;
  const coreBound = (os.cpus().length * 1000) / totalCpuMs;
  const commandNotes = Object.keys(commandCounters).map((name) => {
    const { total, byName } = commandsPer(
      commandsBefore.get(name)!,
      commandsAfter.get(name)!,
      perRound,
    );
    return `${name}: ${total.toFixed(1)} database commands per submission (${byName.map(([command, n]) => `${command} ${n.toFixed(2)}`).join(', ')})`;
  });
  process.stdout.write(
    `CPU per submission (service rounds): ${cpuPerSubmission.join(', ')}; total ${totalCpuMs.toFixed(1)} ms (without the benchmark client ${serviceCpuMs.toFixed(1)} ms), ` +
      `so ${os.cpus().length} fully busy cores allow at most ${coreBound.toFixed(0)} submissions/s\n${commandNotes.join('\n')}\n`,
  );

  const measured = rounds.row(SERVICE);
  const p50 = measured.figures.p50!.value;
  const p99 = measured.figures.p99!.value;
  const atGoalRate = RATE >= GOAL.rate && SECONDS >= GOAL.seconds;
  const complete = lost === 0 && doubledOrMissing === 0 && failedSubmits.length === 0;
  recordBenchmark({
    id: 'notification-submit-to-inbox',
    title: 'Submit to inbox, end to end (services/notification)',
    measures:
      (MODE === 'intake'
        ? 'Founders submit applications through application-intake (its built service in a child process); its outbox relay publishes ' +
          'intake.application.v1, the notification service (another child process) consumes it and writes the inbox message (and queues its WeChat delivery, which its dispatcher works off); '
        : 'Submitted events are published straight to intake.application.v1; the notification service (a child process) consumes them and writes the inbox message; ') +
      `${RATE} submissions per second for ${SECONDS} s per round; embedded broker and database in a third process. p50 and p99 are submit sent → the message ` +
      `in the notification database (read by the benchmark every ${POLL_MS} ms with one query for all waiting founders; GET /inbox answers from it); the submit ` +
      'columns are the submit request alone; CPU per submission is every process’s CPU over the round (the benchmark client included) divided by the submissions. ' +
      'Each service reaches the database through a proxy in the benchmark process that counts its commands.',
    baseline: {
      ...rounds.row(BARE),
      description:
        'The same path with nothing but the transport, in the benchmark’s process: an express POST that produces one kafkajs message ' +
        '(acks=all) to a topic on the same broker and a bare kafkajs consumer that marks the founder, whose mark the client reads at the ' +
        'same interval; offered at the same rate by the same client.',
    },
    rows: [measured],
    goal: {
      description: `${GOAL.rate} submissions/s for ${GOAL.seconds} s with p50 ≤ ${GOAL.p50} ms and p99 ≤ ${GOAL.p99} ms, nothing lost or doubled; ≤ ${GOAL.cpuMs} ms of CPU per submission across all processes (issue #19)`,
      met: atGoalRate
        ? p50 <= GOAL.p50 && p99 <= GOAL.p99 && complete && serviceCpuMs <= GOAL.cpuMs
        : null,
      detail:
        `run at ${RATE}/s for ${SECONDS} s: p50 ${p50.toFixed(0)} ms, p99 ${p99.toFixed(0)} ms, ${visibleCount}/${submissions} visible within ${VISIBLE_WITHIN_MS / 1000} s, ` +
        `${lost} never, ${doubledOrMissing} not exactly once, ${failedSubmits.length} submits failed${failedSummary(failedSubmits)}; ${serviceCpuMs.toFixed(1)} ms of CPU per submission in the services, broker and database ` +
        `(${totalCpuMs.toFixed(1)} ms with the benchmark client)`,
    },
    rounds: ROUNDS,
    parameters: {
      mode: MODE,
      'rate per second': RATE,
      'seconds per round': SECONDS,
      'visibility read every ms': POLL_MS,
    },
    notes: [
      `CPU per submission during the service rounds, by process: ${cpuPerSubmission.join(', ')} (total ${totalCpuMs.toFixed(1)} ms; ${os.cpus().length} cores fully busy would allow at most ${coreBound.toFixed(0)} submissions/s).`,
      ...commandNotes.map(
        (note) => `Database commands (last round, background polling included): ${note}.`,
      ),
      runNote(),
    ],
  });
  await bare.close();
  await producer.disconnect();
  await client.close();
}

const ms = (value: number) => `${value.toFixed(0)} ms`;

/** ` (UND_ERR_CONNECT_TIMEOUT 12, …)`: why submits failed, or nothing when none did. */
function failedSummary(failed: readonly { error: string }[]): string {
  if (failed.length === 0) return '';
  const byError = new Map<string, number>();
  for (const { error } of failed) byError.set(error, (byError.get(error) ?? 0) + 1);
  return ` (${[...byError].map(([error, n]) => `${error} ${n}`).join(', ')})`;
}

/** Submits for each founder at RATE per second; one reader notes when each one's message is there. */
async function offer(pipeline: Pipeline, founders: Founder[]) {
  const latencies: number[] = [];
  const submitLatencies: number[] = [];
  const waiting = new Map<string, { founder: Founder; sentAt: number }>();
  const late: Founder[] = [];
  // a submit the client could not complete (an overloaded machine refuses or times out the
  // connection): counted, not waited for, and the run goes on
  const failed: { founder: Founder; error: string }[] = [];
  const started = performance.now();
  let submitting = true;
  const reader = (async () => {
    while (submitting || waiting.size > 0) {
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      if (waiting.size === 0) continue;
      const now = performance.now();
      for (const [userId, { founder, sentAt }] of waiting) {
        if (now - sentAt <= VISIBLE_WITHIN_MS) continue;
        late.push(founder);
        waiting.delete(userId);
      }
      const visible = await pipeline.visible([...waiting.values()].map((w) => w.founder));
      const at = performance.now();
      for (const userId of visible) {
        const entry = waiting.get(userId);
        if (!entry) continue;
        latencies.push(at - entry.sentAt);
        waiting.delete(userId);
      }
    }
  })();
  await Promise.all(
    founders.map(async (founder, i) => {
      const due = started + (i * 1000) / RATE;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - performance.now())));
      const sentAt = performance.now();
      waiting.set(founder.userId, { founder, sentAt });
      try {
        await pipeline.submit(founder, i);
        submitLatencies.push(performance.now() - sentAt);
      } catch (error) {
        waiting.delete(founder.userId);
        failed.push({ founder, error: errorText(error) });
      }
    }),
  );
  submitting = false;
  await reader;
  return {
    latencies,
    submitLatencies,
    late,
    failed,
    seconds: (performance.now() - started) / 1000,
  };
}

function errorText(error: unknown): string {
  const { message, cause } = error as { message?: string; cause?: { code?: string } };
  return cause?.code ?? message ?? String(error);
}

/** The baseline: submit and mark with nothing but express and kafkajs on the same broker. */
async function startBarePipeline(kafka: Kafka, producer: Producer) {
  const topic = `bench.bare-inbox.${Date.now().toString(36)}`;
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 3 }] });
  await admin.disconnect();
  const seen = new Set<string>();
  const consumer = kafka.consumer({ groupId: `${topic}.consumer`, maxWaitTimeInMs: 100 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let joined!: () => void;
  const ready = new Promise<void>((resolve) => (joined = resolve));
  consumer.on(consumer.events.GROUP_JOIN, () => joined());
  await consumer.run({
    eachMessage: async ({ message }) => void seen.add(message.key!.toString()),
  });
  await ready;

  const app = express();
  app.post('/submit/:founder', express.json(), async (req, res) => {
    await producer.send({
      topic,
      acks: -1,
      messages: [{ key: req.params.founder, value: JSON.stringify({ status: 'submitted' }) }],
    });
    res.json({ status: 'submitted' });
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const pipeline: Pipeline = {
    async submit(founder, i) {
      const submitted = await json(`${base}/submit/${founder.userId}`, {
        method: 'POST',
        token: founder.token,
        body: '{}',
      });
      if (submitted.status !== 200) throw new Error(`bare submit ${i}: HTTP ${submitted.status}`);
    },
    async visible(waiting) {
      return new Set(waiting.filter((founder) => seen.has(founder.userId)).map((f) => f.userId));
    },
  };
  return {
    pipeline,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await consumer.disconnect();
    },
  };
}

try {
  await main();
} finally {
  for (const counter of counters) await counter.close();
  await stopChildren();
  await stopInfrastructure?.();
}
