// Tracing as a service's process runs it: `--import` of the kit's register module, then the
// service's main; spans leave by OTLP (http/protobuf) to the endpoint the environment names.
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { signDevToken, tokenSigning } from '../src/index.js';
import { runTypeScript } from './fixtures/child-process.js';
import { startInfrastructure } from './fixtures/running-vouchers.js';

const TRACE_ID = '5c1e8a3b9d2f4e6a8b0c1d2e3f405162';

let infrastructure: Awaited<ReturnType<typeof startInfrastructure>>;
let collector: Server;
const exported: Buffer[] = [];

beforeAll(async () => {
  infrastructure = await startInfrastructure();
  // An OTLP/HTTP endpoint that keeps what it is sent (an empty body is an empty response message).
  collector = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (req.url === '/v1/traces') exported.push(Buffer.concat(chunks));
      res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
    });
  });
  await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
});

afterAll(async () => {
  collector?.close();
  await infrastructure?.stop();
});

describe('a service process started with --import tracing-register', () => {
  it('exports its request, outbox and database spans by OTLP, in the caller’s trace', async () => {
    const { config } = infrastructure;
    // Development keys in a folder both processes read: the child verifies what this one signs.
    const keysDir = mkdtempSync(join(tmpdir(), 'tracing-process-keys-'));
    const { privateJwk } = tokenSigning({ NODE_ENV: 'development', JWT_KEYS_DIR: keysDir });
    const child = runTypeScript(
      'test/fixtures/voucher-service-main.ts',
      [],
      {
        PORT: '0',
        MONGO_URL: config.MONGO_URL,
        MONGO_DB_NAME: 'vouchers-process',
        JWT_KEYS_DIR: keysDir,
        KAFKA_BROKERS: config.KAFKA_BROKERS.join(','),
        OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${(collector.address() as AddressInfo).port}`,
        OTEL_BSP_SCHEDULE_DELAY: '100',
      },
      ['./src/tracing/register.ts'],
    );
    try {
      const listening = await child.waitForLogLine((line) => line.msg === 'vouchers listening');
      const token = await signDevToken({ privateJwk, sub: 'staff-1', roles: ['voucher-admin'] });
      const response = await fetch(`${listening.url as string}/api/vouchers/vouchers`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          'idempotency-key': 'process-1',
          traceparent: `00-${TRACE_ID}-1111111111111111-01`,
        },
        body: JSON.stringify({ holder: '李四', service: 'testing', amountYuan: 800 }),
      });
      expect(response.status).toBe(201);

      // Protobuf keeps strings as they are and ids as raw bytes: enough to see what was sent.
      await vi.waitFor(
        () => {
          const sent = Buffer.concat(exported);
          expect(sent.includes(Buffer.from(TRACE_ID, 'hex'))).toBe(true);
          for (const name of [
            'POST /api/vouchers/vouchers',
            'create test.voucher.v1',
            'insert vouchers',
            'insert outbox_events',
          ]) {
            expect(sent.includes(name), name).toBe(true);
          }
          expect(sent.includes('vouchers-process')).toBe(true); // db.namespace
        },
        { timeout: 15_000, interval: 100 },
      );
      expect(child.stdout()).not.toContain('tracing without database spans');
      const logged = child
        .stdout()
        .split('\n')
        .filter((line) => line.includes(TRACE_ID));
      expect(logged.length).toBeGreaterThan(0);
    } finally {
      child.process.kill('SIGTERM');
      await child.exited;
    }
  });
});
