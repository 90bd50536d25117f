// Services hand openapiDocumentPath(service) to express-openapi-validator: the bundled
// documents must load there and refuse what the contracts refuse, before handler code runs.
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type ErrorRequestHandler } from 'express';
import * as OpenApiValidator from 'express-openapi-validator';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openapiDocumentPath, type ServiceName } from '../src/documents.js';

const examples = (service: ServiceName) =>
  parse(readFileSync(openapiDocumentPath(service), 'utf8')).components.examples;

// One app per service, as in production: each loads only its own document.
const origins = {} as Record<ServiceName, string>;
const servers: Server[] = [];
const reached: string[] = [];

function answer(body: unknown, status = 200): express.RequestHandler {
  return (req, res) => {
    reached.push(`${req.method} ${req.path}`);
    res.status(status).json(body);
  };
}

async function startService(service: ServiceName, routes: (app: express.Express) => void) {
  const app = express();
  app.use(express.json());
  app.use(
    OpenApiValidator.middleware({
      apiSpec: openapiDocumentPath(service),
      validateRequests: true,
      validateResponses: true,
    }),
  );
  routes(app);
  app.use(((error, _req, res, _next) => {
    res
      .status(error.status ?? 500)
      .json({ status: error.status, message: String(error.message), errors: error.errors });
  }) as ErrorRequestHandler);
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  servers.push(server);
  origins[service] = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  await startService('registry', (app) => {
    app.get('/api/registry/carriers/:carrierId', answer(examples('registry').QidiCarrier.value));
    app.post('/api/registry/carriers', answer(examples('registry').LanshiCarrier.value, 201));
  });
  await startService('application-intake', (app) => {
    app.post(
      '/api/application-intake/applications',
      answer(examples('application-intake').DraftApplication.value, 201),
    );
  });
  await startService('news-feed', (app) => {
    app.get(
      '/api/news-feed/articles/:articleId',
      answer(examples('news-feed').DezhouArticle.value),
    );
  });
  await startService('notification', (app) => {
    app.put(
      '/api/notification/preferences',
      answer(examples('notification').ChosenPreferences.value),
    );
  });
});
afterAll(() =>
  Promise.all(
    servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))),
  ),
);

const auth = { authorization: 'Bearer any', 'content-type': 'application/json' };
const send = (
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = auth,
) =>
  fetch(`${origins[path.split('/')[2] as ServiceName]}${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

describe('bundled documents in express-openapi-validator', () => {
  it('let valid requests through and validate the documented responses', async () => {
    const carrier = await send('GET', '/api/registry/carriers/665f1c2ab8e4a1f3c9d20001');
    expect(carrier.status, await carrier.clone().text()).toBe(200);
    const article = await send('GET', '/api/news-feed/articles/6660a1b2c3d4e5f6a7b80001');
    expect(article.status, await article.clone().text()).toBe(200);
    const preferences = await send(
      'PUT',
      '/api/notification/preferences',
      examples('notification').ChosenPreferences.value,
    );
    expect(preferences.status, await preferences.clone().text()).toBe(200);
    const application = await send(
      'POST',
      '/api/application-intake/applications',
      examples('application-intake').CompleteApplicationInput.value,
      { ...auth, 'idempotency-key': '5f0c6a8e-2b1d-4c3e-9f7a-1b2c3d4e5f60' },
    );
    expect(application.status, await application.clone().text()).toBe(201);
    expect(reached).toEqual([
      'GET /api/registry/carriers/665f1c2ab8e4a1f3c9d20001',
      'GET /api/news-feed/articles/6660a1b2c3d4e5f6a7b80001',
      'PUT /api/notification/preferences',
      'POST /api/application-intake/applications',
    ]);
  });

  it('refuse unknown fields, wrong enums, oversized strings and bad phones with 400', async () => {
    reached.length = 0;
    const input = {
      kind: 'incubator',
      name: '启迪之星（德州）',
      operator: { name: '启迪之星（德州）孵化器有限公司', type: 'platform_company' },
      location: { province: '山东省' },
    };
    const intakeHeaders = { ...auth, 'idempotency-key': '5f0c6a8e-2b1d-4c3e-9f7a-1b2c3d4e5f61' };
    const complete = examples('application-intake').CompleteApplicationInput.value;
    // [method, path, body, headers, the part of the answer that names the problem]
    const cases: [string, string, unknown, Record<string, string>, string][] = [
      ['POST', '/api/registry/carriers', { ...input, $where: 'sleep(1000)' }, auth, '$where'],
      ['POST', '/api/registry/carriers', { ...input, kind: 'startup_cafe' }, auth, '/body/kind'],
      ['POST', '/api/registry/carriers', { ...input, name: '孵'.repeat(201) }, auth, '/body/name'],
      [
        'POST',
        '/api/application-intake/applications',
        { ...complete, applicant: { ...complete.applicant, mobile: '12345' } },
        intakeHeaders,
        '/body/applicant/mobile',
      ],
      [
        'POST',
        '/api/application-intake/applications',
        { carrierId: '665f1c2ab8e4a1f3c9d20001' },
        auth,
        'idempotency-key',
      ],
    ];
    for (const [method, path, body, headers, named] of cases) {
      const response = await send(method, path, body, headers);
      const text = await response.text();
      expect(response.status, `${method} ${path} ${text}`).toBe(400);
      expect(text.toLowerCase(), text).toContain(named.toLowerCase());
    }
    expect(reached).toEqual([]);
  });

  it('refuses a protected operation without a bearer token', async () => {
    const response = await send(
      'POST',
      '/api/registry/carriers',
      {},
      {
        'content-type': 'application/json',
      },
    );
    expect(response.status).toBe(401);
  });
});
