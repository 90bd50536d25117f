import { start as startKafka } from '@shuangchuang/embedded-kafka';
import { start as startMongo } from '@shuangchuang/embedded-mongo';
import { createLogger, signDevToken } from '@shuangchuang/service-kit';
import { Writable } from 'node:stream';
import { startRegistryService, type RunningRegistryService } from '../../src/registry-service.js';

export interface Harness {
  url: string;
  brokers: string[];
  service: RunningRegistryService;
  logLines: string[];
  tokenFor(roles: string[], sub?: string): Promise<string>;
  call(
    method: string,
    path: string,
    options?: { token?: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<{ status: number; headers: Headers; body: any }>;
  stop(): Promise<void>;
}

/** The registry as it runs in production, on the embedded database and broker over real sockets. */
export async function startHarness(): Promise<Harness> {
  const mongo = await startMongo({ port: 0 });
  const kafka = await startKafka({ port: 0, logLevel: 'error' });
  const logLines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      logLines.push(String(chunk));
      done();
    },
  });
  const service = await startRegistryService({
    port: 0,
    host: '127.0.0.1',
    mongoUrl: mongo.uri,
    dbName: 'registry',
    kafkaBrokers: kafka.brokers,
    tokenEnv: { NODE_ENV: 'test' },
    logger: createLogger({ service: 'registry', level: 'info', destination }),
    seedOnFirstStart: true,
    relayPollIntervalMs: 50,
  });
  const base = `${service.url}/api/registry`;
  return {
    url: base,
    brokers: kafka.brokers,
    service,
    logLines,
    tokenFor: (roles, sub = `user-${roles.join('-') || 'none'}`) =>
      signDevToken({ sub, roles, name: '测试员' }),
    async call(method, path, { token, body, headers = {} } = {}) {
      const response = await fetch(base + path, {
        method,
        headers: {
          ...(body !== undefined && { 'content-type': 'application/json' }),
          ...(token && { authorization: `Bearer ${token}` }),
          ...headers,
        },
        ...(body !== undefined && { body: typeof body === 'string' ? body : JSON.stringify(body) }),
      });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        // not JSON: keep the text
      }
      return { status: response.status, headers: response.headers, body: parsed };
    },
    async stop() {
      await service.stop();
      await kafka.stop();
      await mongo.stop();
    },
  };
}
