import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  createReadiness,
  kafkaAdminCheck,
  mongooseConnectionCheck,
  type Readiness,
} from '../src/index.js';
import { call, startDemo, type RunningDemo } from './fixtures/running-demo.js';
import { startInfrastructure, startVouchers } from './fixtures/running-vouchers.js';

let demo: RunningDemo | undefined;
afterEach(async () => {
  await demo?.stop();
  demo = undefined;
});

async function startWith(readiness?: Readiness) {
  demo = await startDemo({ readiness });
  return demo;
}

describe('/healthz', () => {
  it('answers 200 while the process is alive, whatever its dependencies say', async () => {
    const running = await startWith(createReadiness({ mongo: () => false }));
    const answer = await call(running, 'GET', '/healthz');
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ status: 'ok' });
  });
});

describe('/readyz', () => {
  it('answers 200 with every check up', async () => {
    const running = await startWith(
      createReadiness({ mongo: async () => undefined, kafka: () => true }),
    );
    const answer = await call(running, 'GET', '/readyz');
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ status: 'ready', checks: { mongo: 'up', kafka: 'up' } });
  });

  it('answers 503 problem+json naming the failed check (false, throw, or too slow)', async () => {
    const running = await startWith(
      createReadiness(
        {
          mongo: () => true,
          kafka: async () => {
            throw new Error('ECONNREFUSED 127.0.0.1:9092');
          },
          search: () => false,
          cache: () => new Promise(() => undefined), // never answers
        },
        { checkTimeoutMs: 200 },
      ),
    );
    const answer = await call(running, 'GET', '/readyz');
    expect(answer.status).toBe(503);
    expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(answer.body).toMatchObject({
      type: 'https://errors.shuangchuang.dev/not-ready',
      status: 503,
      checks: { mongo: 'up', kafka: 'down', search: 'down', cache: 'down' },
      failed: ['kafka', 'search', 'cache'],
    });
    expect(answer.body.detail).toBe('not ready: kafka, search, cache');
    expect(answer.text).not.toContain('ECONNREFUSED');
  });

  it('answers 503 as soon as shutdown begins', async () => {
    const readiness = createReadiness({ mongo: () => true });
    const running = await startWith(readiness);
    expect((await call(running, 'GET', '/readyz')).status).toBe(200);
    readiness.beginShutdown();
    const answer = await call(running, 'GET', '/readyz');
    expect(answer.status).toBe(503);
    expect(answer.body.detail).toBe('the service is shutting down');
  });
});

describe('/readyz of a service on startService', () => {
  it('reports the database and the broker, and the broker down once it stops', async () => {
    const infrastructure = await startInfrastructure();
    const vouchers = await startVouchers(infrastructure.config);
    try {
      const readyz = async () => {
        const response = await fetch(`${vouchers.service.url}/readyz`);
        return { status: response.status, body: (await response.json()) as any };
      };
      expect(await readyz()).toEqual({
        status: 200,
        body: { status: 'ready', checks: { mongo: 'up', kafka: 'up' } },
      });

      await infrastructure.stopKafka();
      // the broker's last answer is reused for 5 s (kafkaAdminCheck's maxAgeMs)
      await vi.waitFor(
        async () => {
          const { status, body } = await readyz();
          expect(status).toBe(503);
          expect(body).toMatchObject({ checks: { mongo: 'up', kafka: 'down' }, failed: ['kafka'] });
        },
        { timeout: 20_000, interval: 250 },
      );
    } finally {
      await vouchers.stop();
      await infrastructure.stop();
    }
  });
});

describe('dependency checks', () => {
  it('mongooseConnectionCheck is up only when connected and the ping answers', async () => {
    const ping = { ok: true };
    const connection = {
      readyState: 1,
      db: {
        admin: () => ({
          ping: async () => {
            if (!ping.ok) throw new Error('not primary');
            return { ok: 1 };
          },
        }),
      },
    };
    const readiness = createReadiness({ mongo: mongooseConnectionCheck(connection) });
    expect((await readiness.report()).ready).toBe(true);
    ping.ok = false;
    expect((await readiness.report()).failed).toEqual(['mongo']);
    ping.ok = true;
    connection.readyState = 0; // disconnected
    expect((await readiness.report()).failed).toEqual(['mongo']);
  });

  it('kafkaAdminCheck is up only when the cluster lists a broker', async () => {
    let brokers: unknown[] = [{ nodeId: 0 }];
    const readiness = createReadiness({
      kafka: kafkaAdminCheck({ describeCluster: async () => ({ brokers }) }, { maxAgeMs: 0 }),
    });
    expect((await readiness.report()).ready).toBe(true);
    brokers = [];
    expect((await readiness.report()).ready).toBe(false);
  });

  it('kafkaAdminCheck asks the broker at most once per interval, one question at a time', async () => {
    let asked = 0;
    let answer: (() => void) | undefined;
    const check = kafkaAdminCheck(
      {
        describeCluster: () => {
          asked += 1;
          return new Promise((resolve) => (answer = () => resolve({ brokers: [{}] })));
        },
      },
      { maxAgeMs: 60_000 },
    );
    const first = [check(), check(), check()];
    expect(asked).toBe(1); // in flight: the probes share it
    answer!();
    expect(await Promise.all(first)).toEqual([true, true, true]);
    expect(await check()).toBe(true);
    expect(asked).toBe(1); // answered within the interval: reused

    const failing = kafkaAdminCheck(
      { describeCluster: () => Promise.reject(new Error('broker gone')) },
      { maxAgeMs: 0 },
    );
    expect(await failing()).toBe(false);
  });
});

describe('/metrics', () => {
  it('exposes a request duration histogram labelled by method, route template and status', async () => {
    const running = await startWith();
    await call(running, 'GET', '/api/demo/carriers/tus-star');
    await call(running, 'GET', '/api/demo/carriers/another-one');
    await call(running, 'GET', '/api/demo/slow?ms=5');

    const answer = await call(running, 'GET', '/metrics');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(answer.text).toContain('# TYPE http_request_duration_seconds histogram');
    expect(answer.text).toMatch(
      /http_request_duration_seconds_count\{service="demo",method="GET",route="\/api\/demo\/carriers\/\{carrierId\}",status_code="404"\} 2/,
    );
    expect(answer.text).toMatch(
      /http_request_duration_seconds_count\{service="demo",method="GET",route="\/api\/demo\/slow",status_code="200"\} 1/,
    );
    expect(answer.text).not.toContain('tus-star'); // raw URLs would explode cardinality
    expect(answer.text).toContain('process_cpu_seconds_total');
  });
});
