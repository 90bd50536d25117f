import { createLogger, signDevToken, startService } from '@shuangchuang/service-kit';
import { startTestInfrastructure, uniqueName } from '@shuangchuang/test-infrastructure';
import { Writable } from 'node:stream';
import { loadRegistryConfig } from '../../src/config.js';
import { registryService } from '../../src/service.js';

type RunningRegistryService = Awaited<ReturnType<typeof startRegistry>>;

/** The registry started in-process exactly as main.ts starts it, with a captured log. */
export function startRegistry(
  env: { MONGO_URL: string; KAFKA_BROKERS: string; MONGO_DB_NAME?: string },
  logger = createLogger({ service: 'registry', level: 'silent' }),
) {
  return startService(registryService, {
    config: loadRegistryConfig({ PORT: '0', NODE_ENV: 'test', ...env }),
    host: '127.0.0.1',
    logger,
    relay: { pollIntervalMs: 50 },
  });
}

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

/** The registry as it runs in production, on the test infrastructure's database and broker over real sockets. */
export async function startHarness(): Promise<Harness> {
  const infrastructure = await startTestInfrastructure();
  const logLines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      logLines.push(String(chunk));
      done();
    },
  });
  const service = await startRegistry(
    {
      MONGO_URL: infrastructure.mongoUrl,
      KAFKA_BROKERS: infrastructure.kafkaBrokers.join(','),
      MONGO_DB_NAME: uniqueName('registry'),
    },
    createLogger({ service: 'registry', level: 'info', destination }),
  );
  const base = `${service.url}/api/registry`;
  return {
    url: base,
    brokers: infrastructure.kafkaBrokers,
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
      await infrastructure.stop();
    },
  };
}
