// submit → inbox entry visible, end to end: founders submit applications through
// application-intake (its built dist/main.js, a child process), its outbox relay publishes
// intake.application.v1, this service (dist/main.js, a child process) handles it, and the
// benchmark polls the founder's unread count over REST until the message is there.
// Broker and database run in a third process. Prints figures; asserts nothing.
//   RATE=5 SECONDS=30 npm run bench
// MODE=events publishes intake.application.v1 submitted events directly instead of going
// through application-intake (latency then starts at the publish).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { encodeEvent } from '@shuangchuang/event-backbone';
import { DEV_JWT_SECRET, signDevToken } from '@shuangchuang/service-kit';
import { Kafka, logLevel, type Producer } from 'kafkajs';

const RATE = Number(process.env.RATE ?? 5);
const SECONDS = Number(process.env.SECONDS ?? 30);
const MODE = process.env.MODE ?? 'intake';
const POLL_MS = Number(process.env.POLL_MS ?? 100);
const CARRIER = 'c-bench';
const NOTIFICATION_PORT = 3904;
const INTAKE_PORT = 3903;
const root = fileURLToPath(new URL('../../..', import.meta.url));
const children: ChildProcess[] = [];

async function firstLine(child: ChildProcess): Promise<string> {
  const lines = createInterface({ input: child.stdout! });
  const [line] = (await once(lines, 'line')) as [string];
  return line;
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
  const infrastructure = spawn(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(new URL('./infrastructure-process.ts', import.meta.url))],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  children.push(infrastructure);
  const { mongoUrl, brokers } = JSON.parse(await firstLine(infrastructure)) as {
    mongoUrl: string;
    brokers: string[];
  };
  const common = { MONGO_URL: mongoUrl, KAFKA_BROKERS: brokers.join(',') };
  startService('services/notification/dist/main.js', {
    ...common,
    PORT: String(NOTIFICATION_PORT),
  });
  const notification = `http://127.0.0.1:${NOTIFICATION_PORT}/api/notification`;
  const intake = `http://127.0.0.1:${INTAKE_PORT}/api/application-intake`;
  if (MODE === 'intake') {
    startService('services/application-intake/dist/main.js', {
      ...common,
      PORT: String(INTAKE_PORT),
    });
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

  const total = RATE * SECONDS;
  // Founders and their drafts are prepared first; only submit → inbox is measured.
  const founders: { token: string; userId: string; applicationId?: string }[] = [];
  for (let i = 0; i < total; i++) {
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
        token: await signDevToken({ secret: DEV_JWT_SECRET, sub: userId, roles: ['founder'] }),
        userId,
      });
    }
  }
  process.stdout.write(
    `prepared ${total} founders (${MODE}); submitting ${RATE}/s for ${SECONDS} s\n`,
  );

  const latencies: number[] = [];
  const submitLatencies: number[] = [];
  let late = 0;
  const lateFounders: typeof founders = [];
  const started = performance.now();
  const runs = founders.map(async (founder, i) => {
    const due = started + (i * 1000) / RATE;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - performance.now())));
    const t0 = performance.now();
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
    submitLatencies.push(performance.now() - t0);
    const deadline = t0 + 120_000;
    while (performance.now() < deadline) {
      const count = await json(`${notification}/inbox/unread-count`, { token: founder.token });
      if (count.body?.unreadCount >= 1) {
        latencies.push(performance.now() - t0);
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
    late += 1;
    lateFounders.push(founder);
  });
  await Promise.all(runs);
  const seconds = (performance.now() - started) / 1000;
  // Late is not lost: give the backlog another two minutes to drain, then count what never came.
  let lost = lateFounders.length;
  const drainDeadline = performance.now() + 120_000;
  while (lost > 0 && performance.now() < drainDeadline) {
    await new Promise((resolve) => setTimeout(resolve, 2000));
    lost = 0;
    for (const founder of lateFounders) {
      const count = await json(`${notification}/inbox/unread-count`, { token: founder.token });
      if (!(count.body?.unreadCount >= 1)) lost += 1;
    }
  }
  const at = (values: number[], q: number) => {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  };
  const ms = (value: number) => `${value.toFixed(0)} ms`;
  process.stdout.write(
    [
      `mode ${MODE}, offered ${RATE}/s for ${SECONDS} s (${total} submissions), poll every ${POLL_MS} ms`,
      `submit HTTP: p50 ${ms(at(submitLatencies, 0.5))}, p99 ${ms(at(submitLatencies, 0.99))}`,
      `submit → inbox visible: p50 ${ms(at(latencies, 0.5))}, p99 ${ms(at(latencies, 0.99))}, max ${ms(at(latencies, 1))}`,
      `visible within 120 s: ${latencies.length}/${total}; late ${late}; never visible after a further 120 s drain: ${lost}; run ${seconds.toFixed(1)} s`,
    ].join('\n') + '\n',
  );
  await producer.disconnect();
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
}
