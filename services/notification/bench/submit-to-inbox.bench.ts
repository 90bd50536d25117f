// submit → inbox entry visible, end to end: founders submit applications through
// application-intake (its built dist/main.js, a child process), its outbox relay publishes
// intake.application.v1, this service (dist/main.js, a child process) handles it, and the
// benchmark polls the founder's unread count over REST until the message is there.
// Broker and database run in a third process. Prints figures; asserts nothing.
// Baseline, in the same run at the same rate and poll interval: a bare pipeline in this process
// (an express POST that produces one kafkajs message, a kafkajs consumer that marks the founder,
// an express GET answering the unread count) on the same broker, with no database and no service.
// Each round runs the baseline and then the services; docs/benchmarks.md gets the medians.
//   RATE=5 SECONDS=5 ROUNDS=3 npm run bench
// MODE=events publishes intake.application.v1 submitted events directly instead of going
// through application-intake (latency then starts at the publish).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createRounds, recordBenchmark, summarizeLatencies } from '@shuangchuang/bench-kit';
import { encodeEvent } from '@shuangchuang/event-backbone';
import { signDevToken } from '@shuangchuang/service-kit';
import { startTestInfrastructureProcess } from '@shuangchuang/test-infrastructure';
import express from 'express';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import type { AddressInfo } from 'node:net';

const RATE = Number(process.env.RATE ?? 5);
const SECONDS = Number(process.env.SECONDS ?? 5);
const ROUNDS = Number(process.env.ROUNDS ?? 3);
// How long one submission may take to become visible before it counts as late.
const VISIBLE_WITHIN_MS = 60_000;
const MODE = process.env.MODE ?? 'intake';
// Short enough that polling adds little to what is measured (half an interval on average); the
// interval then grows with the wait (offer()).
const POLL_MS = Number(process.env.POLL_MS ?? 20);
const CARRIER = 'c-bench';
const NOTIFICATION_PORT = 3904;
const INTAKE_PORT = 3903;
const root = fileURLToPath(new URL('../../..', import.meta.url));
const children: ChildProcess[] = [];
let stopInfrastructure: (() => Promise<void>) | undefined;

/** CPU seconds a process has used so far (Linux /proc; NaN elsewhere). */
function cpuSecondsOf(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime in clock ticks
  } catch {
    return Number.NaN;
  }
}

function startService(script: string, env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, [script], {
    cwd: root,
    env: { ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  children.push(child);
  return child;
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

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

async function publish(producer: Producer, type: string, key: string, data: unknown) {
  const encoded = encodeEvent({
    specversion: '1.0',
    id: randomUUID(),
    source: `urn:shuangchuang:${type.split('.')[2]}`,
    type,
    subject: key,
    time: new Date().toISOString(),
    datacontenttype: 'application/json',
    data,
  } as never) as unknown as { key: string; value: string; headers: Record<string, string> };
  const topic = type.includes('.registry.') ? 'registry.incubator.v1' : 'intake.application.v1';
  await producer.send({ topic, acks: -1, messages: [encoded] });
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

async function main() {
  const infrastructure = await startTestInfrastructureProcess();
  stopInfrastructure = () => infrastructure.stop();
  const { mongoUrl, kafkaBrokers: brokers } = infrastructure;
  const common = { MONGO_URL: mongoUrl, KAFKA_BROKERS: brokers.join(',') };
  // Where the CPU goes during the measured rounds, per process.
  const processes: Record<string, number | undefined> = {
    'broker + database': infrastructure.pid,
    'benchmark client': process.pid,
  };
  processes.notification = startService('services/notification/dist/main.js', {
    ...common,
    PORT: String(NOTIFICATION_PORT),
  }).pid;
  const notification = `http://127.0.0.1:${NOTIFICATION_PORT}/api/notification`;
  const intake = `http://127.0.0.1:${INTAKE_PORT}/api/application-intake`;
  if (MODE === 'intake') {
    processes['application-intake'] = startService('services/application-intake/dist/main.js', {
      ...common,
      PORT: String(INTAKE_PORT),
    }).pid;
  }
  await waitFor(
    async () => (await fetch(`http://127.0.0.1:${NOTIFICATION_PORT}/readyz`)).ok,
    120_000,
    'notification',
  );
  if (MODE === 'intake') {
    await waitFor(
      async () => (await fetch(`http://127.0.0.1:${INTAKE_PORT}/readyz`)).ok,
      120_000,
      'application-intake',
    );
  }

  const kafka = new Kafka({ clientId: 'bench', brokers, logLevel: logLevel.NOTHING });
  const producer = kafka.producer();
  await producer.connect();
  await publish(producer, 'cn.shuangchuang.registry.incubator.created.v1', CARRIER, {
    carrierId: CARRIER,
    version: 1,
    kind: 'incubator',
    level: 'national',
    name: '启迪之星（德州）',
    aliases: [],
    operator: { name: '启迪之星（德州）孵化器有限公司', type: 'platform_company' },
    location: { province: '山东省', city: '德州市' },
    focusIndustries: ['智能制造'],
    honors: [],
    accepting: true,
    status: 'active',
    updatedAt: new Date().toISOString(),
  });

  const perRound = RATE * SECONDS;
  // Founders and their drafts are prepared first; only submit → inbox is measured.
  const founders: Founder[] = [];
  for (let i = 0; i < perRound * ROUNDS; i++) {
    if (MODE === 'intake') {
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
      founders.push({ token, userId: payload.sub, applicationId: draft.body.id });
    } else {
      const userId = `bench-founder-${i}`;
      founders.push({
        token: await signDevToken({ sub: userId, roles: ['founder'] }),
        userId,
      });
    }
  }
  process.stdout.write(
    `prepared ${founders.length} founders (${MODE}); each round submits ${RATE}/s for ${SECONDS} s, ${ROUNDS} rounds\n`,
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
        await publish(producer, 'cn.shuangchuang.intake.application.submitted.v1', `app-${i}`, {
          applicationId: `app-${i}`,
          carrierId: CARRIER,
          founderUserId: founder.userId,
          status: 'submitted',
          submittedAt: new Date().toISOString(),
        });
      }
    },
    async visible(founder) {
      const count = await json(`${notification}/inbox/unread-count`, { token: founder.token });
      return count.body?.unreadCount >= 1;
    },
  };

  const BARE = 'bare pipeline: express POST → kafkajs → consumer → express GET';
  const SERVICE =
    MODE === 'intake'
      ? 'submit through application-intake → inbox visible'
      : 'submitted event published → inbox visible';
  const rounds = createRounds({
    p50: { unit: 'ms', better: 'lower' },
    p99: { unit: 'ms', better: 'lower' },
    'submit p50': { unit: 'ms', better: 'lower' },
    'submit p99': { unit: 'ms', better: 'lower' },
  });
  const late: { pipeline: Pipeline; founder: Founder }[] = [];
  let visibleCount = 0;
  const cpuSeconds: Record<string, number> = Object.fromEntries(
    Object.keys(processes).map((name) => [name, 0]),
  );
  for (let round = 1; round <= ROUNDS; round++) {
    const roundFounders = founders.slice((round - 1) * perRound, round * perRound);
    for (const [label, pipeline] of [
      [BARE, bare.pipeline],
      [SERVICE, service],
    ] as const) {
      const cpuBefore = Object.values(processes).map(cpuSecondsOf);
      const figures = await offer(pipeline, roundFounders);
      if (pipeline === service) {
        visibleCount += figures.latencies.length;
        Object.values(processes).forEach((pid, i) => {
          cpuSeconds[Object.keys(processes)[i]!]! += cpuSecondsOf(pid) - cpuBefore[i]!;
        });
      }
      late.push(...figures.late.map((founder) => ({ pipeline, founder })));
      const visible = summarizeLatencies(figures.latencies);
      const submit = summarizeLatencies(figures.submitLatencies);
      rounds.add(label, {
        p50: visible.p50,
        p99: visible.p99,
        'submit p50': submit.p50,
        'submit p99': submit.p99,
      });
      process.stdout.write(
        `r${round} ${label}\n` +
          `   submit HTTP: p50 ${ms(submit.p50)}, p99 ${ms(submit.p99)}; ` +
          `submit → visible: p50 ${ms(visible.p50)}, p99 ${ms(visible.p99)}, max ${ms(visible.max)}; ` +
          `visible ${figures.latencies.length}/${roundFounders.length}, late ${figures.late.length}, run ${figures.seconds.toFixed(1)} s\n`,
      );
    }
  }
  // Late is not lost: give the backlog another minute to drain, then count what never came.
  let lost = late.length;
  const drainDeadline = performance.now() + 60_000;
  while (lost > 0 && performance.now() < drainDeadline) {
    await new Promise((resolve) => setTimeout(resolve, 2000));
    lost = 0;
    for (const { pipeline, founder } of late) if (!(await pipeline.visible(founder))) lost += 1;
  }
  process.stdout.write(
    `mode ${MODE}, offered ${RATE}/s for ${SECONDS} s per round, poll every ${POLL_MS} ms; ` +
      `late ${late.length}, never visible after a further 60 s drain: ${lost}\n`,
  );

  // CPU per submission across every process, and the rate two fully busy cores would allow.
  const submissions = perRound * ROUNDS;
  const cpuPerSubmission = Object.entries(cpuSeconds).map(
    ([name, seconds]) => `${name} ${((seconds * 1000) / submissions).toFixed(1)} ms`,
  );
  const totalCpuMs =
    (Object.values(cpuSeconds).reduce((sum, seconds) => sum + seconds, 0) * 1000) / submissions;
  const coreBound = (2 * 1000) / totalCpuMs;
  process.stdout.write(
    `CPU per submission (service rounds): ${cpuPerSubmission.join(', ')}; ` +
      `total ${totalCpuMs.toFixed(1)} ms, so two fully busy cores allow at most ${coreBound.toFixed(0)} submissions/s\n`,
  );

  const measured = rounds.row(SERVICE);
  const p50 = measured.figures.p50!.value;
  const p99 = measured.figures.p99!.value;
  recordBenchmark({
    id: 'notification-submit-to-inbox',
    title: 'Submit to inbox, end to end (services/notification)',
    measures:
      (MODE === 'intake'
        ? 'Founders submit applications through application-intake (its built service in a child ' +
          'process); its outbox relay publishes intake.application.v1, the notification service ' +
          '(another child process) consumes it and writes the inbox message; '
        : 'submitted events are published straight to intake.application.v1; the notification ' +
          'service (a child process) consumes them and writes the inbox message; ') +
      `each founder’s unread count is polled every ${POLL_MS} ms (then every tenth of the time waited) from the moment the submit is ` +
      `sent until the message is there. ${RATE} submissions per second for ${SECONDS} s per round; ` +
      'embedded broker and database in a third process. p50 and p99 are submit sent → inbox ' +
      'visible (including up to one poll interval); the submit columns are the submit request alone.',
    baseline: {
      ...rounds.row(BARE),
      description:
        'The same path with nothing but the transport, in the benchmark’s process: an express ' +
        'POST that produces one kafkajs message (acks=all) to a topic on the same broker, a bare ' +
        'kafkajs consumer that marks the founder, and an express GET answering the unread count; ' +
        'offered at the same rate and polled at the same interval by the same client.',
    },
    rows: [measured],
    goal: {
      description: '200 submissions/s for 60 s with p50 ≤ 50 ms and p99 ≤ 250 ms, nothing lost',
      met: null,
      detail: `run at ${RATE}/s: p50 ${p50.toFixed(0)} ms, p99 ${p99.toFixed(0)} ms, ${visibleCount}/${perRound * ROUNDS} visible within ${VISIBLE_WITHIN_MS / 1000} s, ${lost} never; the whole path costs ${totalCpuMs.toFixed(1)} ms of CPU per submission, so 2 cores allow at most ${coreBound.toFixed(0)}/s`,
    },
    rounds: ROUNDS,
    parameters: {
      mode: MODE,
      'rate per second': RATE,
      'seconds per round': SECONDS,
      'poll interval ms': POLL_MS,
    },
    notes: [
      `CPU per submission during the service rounds, by process: ${cpuPerSubmission.join(', ')} (total ${totalCpuMs.toFixed(1)} ms; 2 cores fully busy would allow at most ${coreBound.toFixed(0)} submissions/s).`,
    ],
  });
  await bare.close();
  await producer.disconnect();
}

interface Founder {
  token: string;
  userId: string;
  applicationId?: string;
}

interface Pipeline {
  submit(founder: Founder, i: number): Promise<void>;
  visible(founder: Founder): Promise<boolean>;
}

const ms = (value: number) => `${value.toFixed(0)} ms`;

/** Submits for each founder at RATE per second and polls until each one's message is visible. */
async function offer(pipeline: Pipeline, founders: Founder[]) {
  const latencies: number[] = [];
  const submitLatencies: number[] = [];
  const late: Founder[] = [];
  const started = performance.now();
  await Promise.all(
    founders.map(async (founder, i) => {
      const due = started + (i * 1000) / RATE;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - performance.now())));
      const t0 = performance.now();
      await pipeline.submit(founder, i);
      submitLatencies.push(performance.now() - t0);
      const deadline = t0 + VISIBLE_WITHIN_MS;
      while (performance.now() < deadline) {
        if (await pipeline.visible(founder)) {
          latencies.push(performance.now() - t0);
          return;
        }
        // Polls every POLL_MS at first, then at a tenth of the time waited so far: a backlog is not
        // met with a flood of polls, and no latency is overstated by more than ~10 % + POLL_MS.
        const waited = performance.now() - t0;
        await new Promise((resolve) => setTimeout(resolve, Math.max(POLL_MS, waited / 10)));
      }
      late.push(founder);
    }),
  );
  return { latencies, submitLatencies, late, seconds: (performance.now() - started) / 1000 };
}

/** The baseline: submit and inbox with nothing but express and kafkajs on the same broker. */
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
  app.get('/unread-count/:founder', (req, res) => {
    res.json({ unreadCount: seen.has(req.params.founder) ? 1 : 0 });
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
    async visible(founder) {
      const count = await json(`${base}/unread-count/${founder.userId}`, { token: founder.token });
      return count.body?.unreadCount >= 1;
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
  for (const child of children.reverse()) {
    child.kill('SIGTERM');
    await Promise.race([
      once(child, 'exit'),
      new Promise((resolve) => setTimeout(resolve, 10_000)),
    ]);
  }
  await stopInfrastructure?.();
}
