// The development gateway refuses what nginx refuses in production, as problem+json: bodies over
// the limit (413), oversized headers (431), clients over their rate limit per route class (429,
// with Retry-After and the IETF RateLimit headers), counted in MongoDB across gateways.
import { createServer, request } from 'node:http';
import { start as startMongo } from '@shuangchuang/embedded-mongo';
import { answerClientErrorsWithProblems } from '@shuangchuang/service-kit';
import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateway } from '../gateway.mjs';
import { gatewayProtection } from '../gateway-limits.mjs';

const open = [];
afterAll(async () => {
  for (const close of open.reverse()) await close();
});

function listen(server) {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      open.push(() => new Promise((done) => server.close(done)));
      resolve(`http://127.0.0.1:${server.address().port}`);
    }),
  );
}

let upstreamPort;
beforeAll(async () => {
  const upstream = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.end(JSON.stringify({ ok: true })));
  });
  upstreamPort = Number(new URL(await listen(upstream)).port);
});

async function gateway(limits, db) {
  const server = createGateway({
    routes: [
      { name: 'registry', port: upstreamPort },
      { name: 'application-intake', port: upstreamPort },
    ],
    protection: gatewayProtection({ bodyLimitBytes: 1024, ...limits, db }),
  }).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  answerClientErrorsWithProblems(server);
  open.push(() => new Promise((done) => server.close(done)));
  return `http://127.0.0.1:${server.address().port}`;
}

/** A request from a given loopback address (another client). */
function from(localAddress, url, { method = 'GET', body } = {}) {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method, localAddress, headers: body ? { 'content-type': 'application/json' } : {} },
      (res) => {
        let text = '';
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode,
            headers: res.headers,
            body: text ? JSON.parse(text) : undefined,
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const minute = (limit) => ({ limit, windowMs: 60_000 });

function expectProblem(answer, status, slug) {
  expect(answer.status).toBe(status);
  expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(answer.body).toMatchObject({ type: `https://errors.shuangchuang.dev/${slug}`, status });
}

describe('gateway rate limits', () => {
  it('count per client and route class, and answer 429 problem+json with the headers', async () => {
    const base = await gateway({
      rateLimits: { auth: minute(2), write: minute(3), read: minute(5) },
    });
    const login = () =>
      from('127.0.0.1', `${base}/api/application-intake/auth/login`, {
        method: 'POST',
        body: '{}',
      });
    expect((await login()).status).toBe(200);
    expect((await login()).status).toBe(200);
    const refused = await login();
    expectProblem(refused, 429, 'too-many-requests');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused.headers.ratelimit).toMatch(/^"gateway-auth"; r=0; t=\d+$/);
    expect(refused.headers['ratelimit-policy']).toMatch(/^"gateway-auth"; q=2; w=60; pk=:[^:]+:$/);

    // writes and reads have limits of their own
    const write = () =>
      from('127.0.0.1', `${base}/api/registry/carriers`, { method: 'POST', body: '{}' });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await write()).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const read = await from('127.0.0.1', `${base}/api/registry/carriers`);
    expect(read.status).toBe(200);
    expect(read.headers.ratelimit).toMatch(/^"gateway-read"; r=4; t=\d+$/);

    // another client is counted apart
    const other = await from('127.0.0.2', `${base}/api/application-intake/auth/login`, {
      method: 'POST',
      body: '{}',
    });
    expect(other.status).toBe(200);
  });

  it('are shared by gateways counting in the same database', async () => {
    const mongo = await startMongo({ port: 0 });
    const connection = await mongoose
      .createConnection(mongo.uri, { dbName: 'gateway' })
      .asPromise();
    open.push(async () => {
      await connection.close();
      await mongo.stop();
    });
    const limits = { rateLimits: { auth: null, write: minute(3), read: null } };
    const [first, second] = [
      await gateway(limits, connection.db),
      await gateway(limits, connection.db),
    ];
    const statuses = [];
    for (const base of [first, second, first, second]) {
      statuses.push(
        (await from('127.0.0.3', `${base}/api/registry/carriers`, { method: 'POST', body: '{}' }))
          .status,
      );
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    // a limit set to off counts nothing
    for (let i = 0; i < 5; i++)
      expect((await from('127.0.0.3', `${second}/api/registry/carriers`)).status).toBe(200);
  });
});

describe('gateway refusals as problem+json', () => {
  it('answers a body over the limit with 413 and oversized headers with 431', async () => {
    const base = await gateway({ rateLimits: {} });
    const large = await from('127.0.0.1', `${base}/api/registry/carriers`, {
      method: 'POST',
      body: JSON.stringify({ text: 'x'.repeat(2048) }),
    });
    expectProblem(large, 413, 'payload-too-large');

    const response = await fetch(`${base}/api/registry/carriers`, {
      headers: { 'x-padding': 'a'.repeat(20_000) },
    });
    expect(response.status).toBe(431);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await response.json()).toMatchObject({
      type: 'https://errors.shuangchuang.dev/header-fields-too-large',
      status: 431,
    });
  });
});
