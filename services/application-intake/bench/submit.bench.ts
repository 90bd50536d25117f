// Submit latency and throughput of the real service (embedded database and broker, outbox relay
// running; database and broker in a child process) next to a bare express endpoint in the same process, same client, same concurrency.
// Prints figures; asserts nothing. SUBMITS=300 CONCURRENCY=8 npm run bench
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { encodeEvent, type CloudEvent } from '@shuangchuang/event-backbone';
import { createLogger, DEV_JWT_SECRET, signDevToken } from '@shuangchuang/service-kit';
import express from 'express';
import { Kafka, logLevel } from 'kafkajs';
import { loadIntakeConfig } from '../src/config.js';
import { startApplicationIntake } from '../src/service.js';
import { completeInput } from '../test/fixtures/application-input.js';

const SUBMITS = Number(process.env.SUBMITS ?? 300);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 8);
const CARRIER = 'c-bench';

interface Figures {
  name: string;
  count: number;
  p50: number;
  p99: number;
  max: number;
  perSecond: number;
}

async function run(name: string, requests: (() => Promise<number>)[]): Promise<Figures> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < requests.length) {
        const request = requests[next++]!;
        const t0 = performance.now();
        const status = await request();
        latencies.push(performance.now() - t0);
        if (status >= 300) throw new Error(`${name}: HTTP ${status}`);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
  return {
    name,
    count: latencies.length,
    p50: at(0.5),
    p99: at(0.99),
    max: at(1),
    perSecond: latencies.length / seconds,
  };
}

const servers = spawn(
  process.execPath,
  ['--import', 'tsx', new URL('./embedded-servers.ts', import.meta.url).pathname],
  {
    stdio: ['pipe', 'pipe', 'inherit'],
  },
);
const [firstLine] = (await once(createInterface({ input: servers.stdout! }), 'line')) as [string];
const { mongoUri, brokers } = JSON.parse(firstLine) as { mongoUri: string; brokers: string[] };
const sink = new Writable({ write: (_chunk, _encoding, done) => done() });
const service = await startApplicationIntake(
  loadIntakeConfig({
    NODE_ENV: 'test',
    PORT: '0',
    MONGO_URL: mongoUri,
    KAFKA_BROKERS: brokers.join(','),
  }),
  {
    host: '127.0.0.1',
    logger: createLogger({ service: 'application-intake', level: 'info', destination: sink }),
  },
);
const base = `${service.http.url}/api/application-intake`;

// The carrier arrives the way it does in production: a registry event on the bus.
const producer = new Kafka({
  clientId: 'bench',
  brokers,
  logLevel: logLevel.NOTHING,
}).producer();
await producer.connect();
await producer.send({
  topic: 'registry.incubator.v1',
  messages: [
    encodeEvent({
      specversion: '1.0',
      id: randomUUID(),
      source: 'urn:shuangchuang:registry',
      type: 'cn.shuangchuang.registry.incubator.created.v1',
      subject: CARRIER,
      time: new Date().toISOString(),
      datacontenttype: 'application/json',
      data: {
        carrierId: CARRIER,
        version: 1,
        kind: 'incubator',
        name: '基准孵化器',
        aliases: [],
        operator: { name: '基准运营公司', type: 'company' },
        location: { province: '山东省' },
        focusIndustries: [],
        honors: [],
        accepting: true,
        status: 'active',
        updatedAt: new Date().toISOString(),
      },
    } as CloudEvent),
  ],
});
await producer.disconnect();
while (!(await service.context.carriers.find(CARRIER))) await new Promise((r) => setTimeout(r, 50));

// One draft per founder (one open application per founder and carrier), made before timing.
const drafts: { token: string; id: string }[] = [];
for (let i = 0; i < SUBMITS; i++) {
  const token = await signDevToken({
    secret: DEV_JWT_SECRET,
    sub: `wxu_bench_${i}`,
    roles: ['founder'],
  });
  const response = await fetch(`${base}/applications`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      'idempotency-key': randomUUID(),
    },
    body: JSON.stringify(completeInput(CARRIER)),
  });
  drafts.push({ token, id: ((await response.json()) as { id: string }).id });
}

const bare = express();
bare.post('/bare', express.json(), (req, res) => {
  res.status(200).json({ id: 'x', received: Boolean(req.body) });
});
const bareServer = bare.listen(0, '127.0.0.1');
await new Promise((resolve) => bareServer.once('listening', resolve));
const bareUrl = `http://127.0.0.1:${(bareServer.address() as AddressInfo).port}/bare`;

const bareRequests = drafts.map(({ token }) => async () => {
  const response = await fetch(bareUrl, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      'idempotency-key': randomUUID(),
    },
    body: '{}',
  });
  await response.arrayBuffer();
  return response.status;
});
const submitRequests = drafts.map(({ token, id }) => async () => {
  const response = await fetch(`${base}/applications/${id}/submit`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'idempotency-key': randomUUID() },
  });
  await response.arrayBuffer();
  return response.status;
});

// What one database round trip costs here: a submit makes about a dozen of them in sequence.
const pings: number[] = [];
for (let i = 0; i < 200; i++) {
  const t0 = performance.now();
  await service.connection.db!.admin().ping();
  pings.push(performance.now() - t0);
}
pings.sort((a, b) => a - b);
// And one transaction holding a single insert, as the smallest unit of a transactional write.
const transactions: number[] = [];
const scratch = service.connection.collection('bench_scratch');
await scratch.insertOne({ _id: 'warm' } as never);
for (let i = 0; i < 50; i++) {
  const t0 = performance.now();
  const session = await service.connection.startSession();
  await session.withTransaction(async () => {
    await scratch.insertOne({ n: i }, { session });
  });
  await session.endSession();
  transactions.push(performance.now() - t0);
}
transactions.sort((a, b) => a - b);

// Warm both paths a little, then measure the bare endpoint and the submit back to back.
for (const warm of bareRequests.slice(0, 20)) await warm();
const bareFigures = await run('bare express POST', bareRequests);
const submitFigures = await run('submit (POST /applications/{id}/submit)', submitRequests);

const row = (f: Figures) =>
  `${f.name.padEnd(42)} n=${String(f.count).padStart(4)}  p50=${f.p50.toFixed(1).padStart(6)} ms  p99=${f.p99.toFixed(1).padStart(6)} ms  max=${f.max.toFixed(1).padStart(6)} ms  ${f.perSecond.toFixed(0).padStart(5)} req/s`;
console.log(`concurrency ${CONCURRENCY}, node ${process.version}, ${new Date().toISOString()}`);
console.log(
  `database round trip (ping, serial): p50=${pings[100]!.toFixed(2)} ms  p99=${pings[198]!.toFixed(2)} ms`,
);
console.log(
  `one-insert transaction (serial): p50=${transactions[25]!.toFixed(2)} ms  p99=${transactions[49]!.toFixed(2)} ms`,
);
console.log(row(bareFigures));
console.log(row(submitFigures));
console.log(
  `submit throughput = ${((submitFigures.perSecond / bareFigures.perSecond) * 100).toFixed(1)} % of the bare endpoint`,
);

bareServer.close();
await service.stop();
servers.stdin!.end();
await once(servers, 'exit');
