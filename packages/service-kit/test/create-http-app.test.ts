import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  ConflictError,
  createHttpApp,
  createJwtAuth,
  tokenVerification,
  createLogger,
} from '../src/index.js';
import { DEMO_SPEC_PATH } from './fixtures/demo-service.js';
import { serveForTest } from './fixtures/serve-for-test.js';

const logger = createLogger({ service: 'test', level: 'silent' });
const auth = createJwtAuth(tokenVerification({ NODE_ENV: 'test' }));
const demoDocument = () => parse(readFileSync(DEMO_SPEC_PATH, 'utf8')) as Record<string, unknown>;

describe('createHttpApp', () => {
  it('takes the document already parsed, and still validates against it', async () => {
    const app = createHttpApp({
      service: 'demo',
      apiSpec: demoDocument(),
      logger,
      auth,
      mountRoutes(router) {
        router.post('/contact-requests', (_req, res) => {
          res.status(202).json({ accepted: true });
        });
      },
    });
    const running = await serveForTest(app);
    const post = (body: unknown) =>
      fetch(`${running.url}/api/demo/contact-requests`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await post({ message: 'hello' })).status).toBe(202);
    expect((await post({ message: 'hello', sneaky: true })).status).toBe(400);
  });

  it('maps the service’s own errors through toProblem, and leaves the rest a 500', async () => {
    class SpamSuspectedError extends Error {}
    const app = createHttpApp({
      service: 'demo',
      apiSpec: DEMO_SPEC_PATH,
      logger,
      auth,
      toProblem: (error) =>
        error instanceof SpamSuspectedError
          ? new ConflictError('this looks like spam', { retryAfterHours: 24 })
          : error,
      mountRoutes(router) {
        router.post('/contact-requests', async (req) => {
          if (String(req.body.message).includes('spam')) throw new SpamSuspectedError('spam');
          throw new TypeError('cannot read properties of undefined');
        });
      },
    });
    const running = await serveForTest(app);
    const post = async (message: string) => {
      const response = await fetch(`${running.url}/api/demo/contact-requests`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ message }),
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    expect(await post('buy spam now')).toMatchObject({
      status: 409,
      body: { type: 'https://errors.shuangchuang.dev/conflict', retryAfterHours: 24 },
    });
    expect(await post('hello')).toMatchObject({
      status: 500,
      body: { type: 'https://errors.shuangchuang.dev/internal' },
    });
  });

  it('refuses a document that does not serve the base path', () => {
    expect(() =>
      createHttpApp({
        service: 'registry',
        apiSpec: DEMO_SPEC_PATH,
        logger,
        auth,
        mountRoutes: () => undefined,
      }),
    ).toThrow(/has no servers entry with url \/api\/registry/);
  });

  it('refuses a document that is not OpenAPI 3.1', () => {
    expect(() =>
      createHttpApp({
        service: 'demo',
        apiSpec: { ...demoDocument(), openapi: '3.0.3' },
        logger,
        auth,
        mountRoutes: () => undefined,
      }),
    ).toThrow(/must be an OpenAPI 3.1 document/);
  });

  it('refuses bearer security without an auth to verify it', () => {
    expect(() =>
      createHttpApp({
        service: 'demo',
        apiSpec: DEMO_SPEC_PATH,
        logger,
        mountRoutes: () => undefined,
      }),
    ).toThrow(/declares bearer security \(bearerAuth\) but no auth was given/);
  });
});
