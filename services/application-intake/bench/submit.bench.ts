// Submit latency and throughput of the real service (embedded database and broker, outbox relay
// running; database and broker in a child process) next to a bare express endpoint in the same
// process answering a body of the application's size, same client, same concurrency. A warm-up
// round of WARMUP requests to each (not counted: the JIT compiles the hot paths, pools fill), then
// each round measures the bare endpoint and then SUBMITS submits of fresh drafts; docs/benchmarks.md
// gets the medians. Prints figures; asserts nothing.
// SUBMITS=300 ROUNDS=5 WARMUP=300 CONCURRENCY=8 npm run bench
// BENCH_CPU_PROF=<dir> writes a CPU profile of the service's process during each round's submits.
import {
  createRounds,
  HTTP_FIGURES,
  jsonBodyOfSize,
  processCpuSeconds,
  profiledWhile,
  recordBenchmark,
  startBareExpressServer,
  summarizeLatencies,
} from '@shuangchuang/bench-kit';
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { encodeEvent, type CloudEvent } from '@shuangchuang/event-backbone';
import { createLogger, signDevToken, startService } from '@shuangchuang/service-kit';
import { startTestInfrastructureProcess } from '@shuangchuang/test-infrastructure';
import { Kafka, logLevel } from 'kafkajs';
import { loadIntakeConfig } from '../src/config.js';
import { intakeService } from '../src/service.js';
import { completeInput } from '../test/fixtures/application-input.js';
import type { LoadJob, LoadReply } from './load-client.js';

// The service runs with NODE_ENV=test: the tokens signed here must use the same (this process's
// test) keys it verifies with, not the development keys an unset NODE_ENV signs with.
process.env.NODE_ENV = 'test';

// Rounds of a second or more: with 60 submits (0.4 s) a round's figures were mostly start-up.
const SUBMITS = Number(process.env.SUBMITS ?? 300);
const ROUNDS = Number(process.env.ROUNDS ?? 5);
const WARMUP = Number(process.env.WARMUP ?? 300);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 8);
const CARRIER = 'c-bench';

// The load generator runs in its own process (bench/load-client.ts), the same for both endpoints.
const loadClient = fork(new URL('./load-client.ts', import.meta.url).pathname, [], {
  execArgv: ['--import', 'tsx'],
});

/**
 * Sends the requests from CONCURRENCY workers in the client process; measures this process's CPU
 * (the service's, or the bare endpoint's) and that of the database and broker's process and of
 * the load client, each per request.
 */
async function run(name: string, requests: LoadJob['requests']) {
  const cpuBefore = process.cpuUsage();
  const othersBefore = [infrastructure.pid, loadClient.pid].map(processCpuSeconds);
  loadClient.send({ name, concurrency: CONCURRENCY, requests } satisfies LoadJob);
  const [reply] = (await once(loadClient, 'message')) as [LoadReply];
  const cpu = process.cpuUsage(cpuBefore);
  const [infrastructureCpu, clientCpu] = [infrastructure.pid, loadClient.pid].map(
    (pid, i) => ((processCpuSeconds(pid) - othersBefore[i]!) * 1000) / requests.length,
  );
  if ('error' in reply) throw new Error(reply.error);
  return {
    ...reply.figures,
    cpuMsPerRequest: (cpu.user + cpu.system) / 1000 / requests.length,
    infrastructureCpu: infrastructureCpu!,
    clientCpu: clientCpu!,
  };
}

const infrastructure = await startTestInfrastructureProcess();
const { mongoUrl: mongoUri, kafkaBrokers: brokers } = infrastructure;
const sink = new Writable({ write: (_chunk, _encoding, done) => done() });
const service = await startService(intakeService, {
  config: loadIntakeConfig({
    NODE_ENV: 'test',
    PORT: '0',
    // every command the service sends is counted (commands per submit, the relay's share included)
    MONGO_URL: `${mongoUri}${mongoUri.includes('?') ? '&' : '?'}monitorCommands=true`,
    KAFKA_BROKERS: brokers.join(','),
  }),
  host: '127.0.0.1',
  logger: createLogger({ service: 'application-intake', level: 'info', destination: sink }),
});
const base = `${service.url}/api/application-intake`;
let commandsSent = 0;
// …and, while the submit rounds run, which: `<command> <collection>` → how many
const commandsByName = new Map<string, number>();
let countingByName = false;
service.connection.getClient().on('commandStarted', ({ commandName, command }) => {
  commandsSent++;
  if (!countingByName) return;
  const target = command[commandName] as unknown;
  const name = typeof target === 'string' ? `${commandName} ${target}` : commandName;
  commandsByName.set(name, (commandsByName.get(name) ?? 0) + 1);
});

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
while (!(await service.exposed.context.carriers.find(CARRIER)))
  await new Promise((r) => setTimeout(r, 50));

// One draft per founder (one open application per founder and carrier), made before timing, eight
// at a time (they are not measured).
const drafts: { token: string; id: string }[] = [];
let draftBytes = 0;
async function makeDraft(i: number) {
  const token = await signDevToken({
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
  const text = await response.text();
  if (!response.ok) throw new Error(`draft ${i}: HTTP ${response.status} ${text}`);
  draftBytes = text.length;
  drafts[i] = { token, id: (JSON.parse(text) as { id: string }).id };
}
const draftCount = WARMUP + SUBMITS * ROUNDS;
for (let from = 0; from < draftCount; from += 8) {
  await Promise.all(
    Array.from({ length: Math.min(8, draftCount - from) }, (_, k) => makeDraft(from + k)),
  );
}

// The baseline answers a body of the application's size (what a submit returns).
const bare = await startBareExpressServer({ body: jsonBodyOfSize(draftBytes) });
const bareRequests = drafts.map(({ token }) => ({
  url: bare.url,
  method: 'POST',
  headers: {
    authorization: `Bearer ${token}`,
    'content-type': 'application/json',
    'idempotency-key': randomUUID(),
  },
  body: '{}',
}));
const submitRequests = drafts.map(({ token, id }) => ({
  url: `${base}/applications/${id}/submit`,
  method: 'POST',
  headers: { authorization: `Bearer ${token}`, 'idempotency-key': randomUUID() },
}));

// What one database round trip costs here: a submit makes about a dozen of them in sequence.
// Both also in CPU of this process per operation: the floor a submit's round trips stand on.
const cpuMsPerOperation = (since: NodeJS.CpuUsage, operations: number) => {
  const cpu = process.cpuUsage(since);
  return (cpu.user + cpu.system) / 1000 / operations;
};
const pings: number[] = [];
const pingCpuFrom = process.cpuUsage();
for (let i = 0; i < 200; i++) {
  const t0 = performance.now();
  await service.connection.db!.admin().ping();
  pings.push(performance.now() - t0);
}
const pingCpuMs = cpuMsPerOperation(pingCpuFrom, pings.length);
pings.sort((a, b) => a - b);
// And one transaction holding a single insert, as the smallest unit of a transactional write.
const transactions: number[] = [];
const scratch = service.connection.collection('bench_scratch');
await scratch.insertOne({ _id: 'warm' } as never);
const transactionCpuFrom = process.cpuUsage();
for (let i = 0; i < 100; i++) {
  const t0 = performance.now();
  const session = await service.connection.startSession();
  await session.withTransaction(async () => {
    await scratch.insertOne({ n: i }, { session });
  });
  await session.endSession();
  transactions.push(performance.now() - t0);
}
const transactionCpuMs = cpuMsPerOperation(transactionCpuFrom, transactions.length);
transactions.sort((a, b) => a - b);

const ping = summarizeLatencies(pings);
const transaction = summarizeLatencies(transactions);
console.log(`concurrency ${CONCURRENCY}, node ${process.version}, ${new Date().toISOString()}`);
console.log(
  `database round trip (ping, serial): p50=${ping.p50.toFixed(2)} ms  p99=${ping.p99.toFixed(2)} ms  CPU ${pingCpuMs.toFixed(2)} ms each`,
);
console.log(
  `one-insert transaction (serial): p50=${transaction.p50.toFixed(2)} ms  p99=${transaction.p99.toFixed(2)} ms  CPU ${transactionCpuMs.toFixed(2)} ms each`,
);

// A warm-up round of each, not counted; then each round measures the bare endpoint and the submit
// back to back, the submit on drafts neither the warm-up nor another round has used.
await run('warm-up', bareRequests.slice(0, WARMUP));
await run('warm-up', submitRequests.slice(0, WARMUP));
const BARE = 'bare express POST';
const SUBMIT = 'submit (POST /applications/{id}/submit)';
const rounds = createRounds({
  ...HTTP_FIGURES,
  serverCpu: { unit: 'ms CPU per request', better: 'lower' },
  databaseAndBrokerCpu: { unit: 'ms CPU per request', better: 'lower' },
  clientCpu: { unit: 'ms CPU per request', better: 'lower' },
});
let submitCommands = 0;
let submitsSent = 0;
const row = (round: number, name: string, f: Awaited<ReturnType<typeof run>>) =>
  `r${round} ${name.padEnd(42)} n=${String(f.count).padStart(4)}  p50=${f.p50.toFixed(1).padStart(6)} ms  p99=${f.p99.toFixed(1).padStart(6)} ms  max=${f.max.toFixed(1).padStart(6)} ms  ${f.perSecond.toFixed(0).padStart(5)} req/s  CPU ms/req: server ${f.cpuMsPerRequest.toFixed(2)}, database+broker ${f.infrastructureCpu.toFixed(2)}, client ${f.clientCpu.toFixed(2)}`;
for (let round = 1; round <= ROUNDS; round++) {
  const slice = (list: LoadJob['requests']) =>
    list.slice(WARMUP + (round - 1) * SUBMITS, WARMUP + round * SUBMITS);
  for (const [name, requests] of [
    [BARE, slice(bareRequests)],
    [SUBMIT, slice(submitRequests)],
  ] as const) {
    const commandsBefore = commandsSent;
    countingByName = name === SUBMIT;
    const figures =
      name === SUBMIT
        ? await profiledWhile(process.env.BENCH_CPU_PROF, `intake-submit-round-${round}`, () =>
            run(name, requests),
          )
        : await run(name, requests);
    countingByName = false;
    if (name === SUBMIT) {
      submitCommands += commandsSent - commandsBefore;
      submitsSent += requests.length;
    }
    rounds.add(name, {
      throughput: figures.perSecond,
      p50: figures.p50,
      p99: figures.p99,
      serverCpu: figures.cpuMsPerRequest,
      databaseAndBrokerCpu: figures.infrastructureCpu,
      clientCpu: figures.clientCpu,
    });
    console.log(row(round, name, figures));
  }
}
const baseline = rounds.row(BARE);
const submit = rounds.row(SUBMIT);
const share = submit.figures.throughput!.value / baseline.figures.throughput!.value;
const p99 = submit.figures.p99!.value;
const commandsPerSubmit = submitCommands / submitsSent;
const commandList = [...commandsByName]
  .sort(([, a], [, b]) => b - a)
  .map(([name, count]) => `${name} ${(count / submitsSent).toFixed(2)}`)
  .join(', ');
console.log(`submit throughput = ${(share * 100).toFixed(1)} % of the bare endpoint (medians)`);
console.log(`commands per submit by name: ${commandList}`);
console.log(
  `database commands per submit during the rounds: ${commandsPerSubmit.toFixed(1)} (the outbox relay's share included)`,
);
recordBenchmark({
  id: 'application-intake-submit',
  title: 'Application submit (services/application-intake)',
  measures:
    'POST /api/application-intake/applications/{id}/submit by founders with complete drafts: the ' +
    'whole service (JWT, idempotency key, validation, a MongoDB transaction writing the ' +
    'application, its history and the outbox event) with the outbox relay publishing to Kafka, ' +
    `the embedded database and broker in a child process; ${SUBMITS} submits per round by ` +
    `${CONCURRENCY} concurrent keep-alive fetch clients.`,
  baseline: {
    ...baseline,
    description:
      `An express app in the same process with one POST route that parses a JSON body and answers ` +
      `a ${draftBytes}-byte JSON (an application’s size); same client, same headers, same ` +
      'concurrency, same number of requests.',
  },
  rows: [submit],
  goal: {
    description: 'submit p99 ≤ 50 ms and ≥ 40 % of the bare endpoint’s throughput',
    met: p99 <= 50 && share >= 0.4,
    detail: `p99 ${p99.toFixed(1)} ms, ${(share * 100).toFixed(1)} %`,
  },
  rounds: ROUNDS,
  parameters: {
    'submits per round': SUBMITS,
    'warm-up requests': WARMUP,
    concurrency: CONCURRENCY,
  },
  notes: [
    `Before the rounds, a warm-up of ${WARMUP} requests to each endpoint that is not counted (JIT compilation, connection pools, the relay's producer): rounds of 60 submits without it measured start-up more than the steady state (the first round's service CPU per submit half again the third's). Server CPU is the whole service process's (the relay, the registry consumer and the driver's command monitoring that counts the commands below included) from the first request of a round to its last answer.`,
    `For scale, measured once before the rounds: a database round trip (ping) p50 ${ping.p50.toFixed(2)} ms, p99 ${ping.p99.toFixed(2)} ms, ${pingCpuMs.toFixed(2)} ms of the service process's CPU; a one-insert transaction p50 ${transaction.p50.toFixed(2)} ms, p99 ${transaction.p99.toFixed(2)} ms, ${transactionCpuMs.toFixed(2)} ms CPU. During the submit rounds the service sent ${commandsPerSubmit.toFixed(1)} database commands per submit, the outbox relay's reads and marks included (the request alone: one transaction of one read, the application's update, the outbox entry and the commit; test/component/submit-round-trips.test.ts). By command and collection, per submit: ${commandList}.`,
  ],
});

loadClient.disconnect();
await bare.close();
await service.stop();
await infrastructure.stop();
