import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startDemo, type Answer, type RunningDemo } from './fixtures/running-demo.js';

const PROBLEM = /^application\/problem\+json/;
const tusStar = { name: 'Tus Star Dezhou', kind: 'incubator', level: 'national' };

let demo: RunningDemo;
let admin: string;
beforeAll(async () => {
  demo = await startDemo();
  admin = await demo.token(['registry-admin']);
});
afterAll(() => demo.stop());

/** `instance` is the request's path, unknown when the parser refused the request line itself. */
function expectProblem(answer: Answer, status: number, slug: string, { withInstance = true } = {}) {
  expect(answer.status).toBe(status);
  expect(answer.headers.get('content-type')).toMatch(PROBLEM);
  expect(answer.body).toMatchObject({
    type: `https://errors.shuangchuang.dev/${slug}`,
    status,
    title: expect.any(String),
    detail: expect.any(String),
    ...(withInstance && { instance: expect.stringMatching(/^\//) }),
    requestId: answer.headers.get('x-request-id'),
  });
  expect(answer.text).not.toMatch(/<html|\bat .+:\d+:\d+/i);
}

describe('a valid request', () => {
  it('reaches the handler and its response passes validation', async () => {
    const created = await call(demo, 'POST', '/api/demo/carriers', { json: tusStar, token: admin });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: 'tus-star-dezhou', version: 1, ...tusStar });

    const read = await call(demo, 'GET', '/api/demo/carriers/tus-star-dezhou');
    expect(read.status).toBe(200);
    expect(read.headers.get('etag')).toBe('"1"');
  });
});

describe('requests the document refuses, before handler code runs', () => {
  it('answers a wrong type with 400 naming the field', async () => {
    const answer = await call(demo, 'POST', '/api/demo/carriers', {
      json: { ...tusStar, name: 42, level: 'galactic' },
      token: admin,
    });
    expectProblem(answer, 400, 'validation');
    expect(answer.body.detail).toContain('/body/name');
    expect(answer.body.errors).toContainEqual({ path: '/body/name', message: 'must be string' });
  });

  it('answers a missing required field with 400 naming it', async () => {
    const { kind: _kind, ...withoutKind } = tusStar;
    const answer = await call(demo, 'POST', '/api/demo/carriers', {
      json: withoutKind,
      token: admin,
    });
    expectProblem(answer, 400, 'validation');
    expect(answer.body.errors.map((error: { path: string }) => error.path)).toContain('/body/kind');
  });

  it('refuses an unknown field where the schema forbids additional properties', async () => {
    const answer = await call(demo, 'POST', '/api/demo/carriers', {
      json: { ...tusStar, name: 'Another', isAdmin: true },
      token: admin,
    });
    expectProblem(answer, 400, 'validation');
    expect(answer.body.errors).toContainEqual({
      path: '/body/isAdmin',
      message: 'must NOT have additional properties',
    });
  });

  it('refuses a bad path parameter and an unknown query parameter', async () => {
    expectProblem(await call(demo, 'GET', '/api/demo/carriers/NOT_VALID!'), 400, 'validation');
    const unknownQuery = await call(demo, 'GET', '/api/demo/slow?ms=1&debug=1');
    expectProblem(unknownQuery, 400, 'validation');
    expect(unknownQuery.body.detail).toContain('debug');
  });

  it('answers malformed JSON with 400', async () => {
    const answer = await call(demo, 'POST', '/api/demo/contact-requests', {
      headers: { 'content-type': 'application/json' },
      body: '{"message": ',
    });
    expectProblem(answer, 400, 'validation');
    expect(answer.body.detail).toBe('the request body is not valid JSON');
  });

  it('answers an oversized body with 413', async () => {
    const answer = await call(demo, 'POST', '/api/demo/contact-requests', {
      json: { message: '孵'.repeat(4_000) },
    });
    expectProblem(answer, 413, 'payload-too-large');
  });

  it('answers a body of the wrong media type with 415', async () => {
    const answer = await call(demo, 'POST', '/api/demo/contact-requests', {
      headers: { 'content-type': 'text/plain' },
      body: 'hello',
    });
    expectProblem(answer, 415, 'unsupported-media-type');
  });
});

describe('requests the HTTP parser refuses, before express sees them', () => {
  it('answers oversized headers with 431 problem+json', async () => {
    const answer = await call(demo, 'GET', '/api/demo/carriers/x', {
      headers: { 'x-padding': 'a'.repeat(20_000) },
    });
    expectProblem(answer, 431, 'header-fields-too-large', { withInstance: false });
  });

  it('answers an oversized URL with 431 problem+json', async () => {
    const answer = await call(demo, 'GET', `/api/demo/carriers?q=${'孵'.repeat(3_000)}`);
    expectProblem(answer, 431, 'header-fields-too-large', { withInstance: false });
  });

  it('answers a request line it cannot read with 400 problem+json', async () => {
    const { port } = new URL(demo.url);
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1', () =>
        socket.write('GET /\x01 HTTP/9\r\n\r\n'),
      );
      let text = '';
      socket.on('data', (chunk) => (text += chunk.toString()));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });
    expect(raw).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(raw).toContain('Content-Type: application/problem+json');
    const body = JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4));
    expect(body).toMatchObject({
      type: 'https://errors.shuangchuang.dev/bad-request',
      status: 400,
    });
  });
});

describe('routing', () => {
  it('answers an unknown path under the base path with 404 problem+json', async () => {
    const answer = await call(demo, 'GET', '/api/demo/no-such-thing');
    expectProblem(answer, 404, 'not-found');
    expect(answer.body.detail).toBe('no route for /api/demo/no-such-thing');
  });

  it('answers an unknown path outside the base path with 404 problem+json', async () => {
    expectProblem(await call(demo, 'GET', '/wp-admin/index.php'), 404, 'not-found');
  });

  it('answers an undocumented method with 405 and Allow', async () => {
    const answer = await call(demo, 'PATCH', '/api/demo/carriers/tus-star-dezhou', { json: {} });
    expectProblem(answer, 405, 'method-not-allowed');
    expect(answer.headers.get('allow')?.split(/,\s*/).sort()).toEqual(['DELETE', 'GET', 'PUT']);
  });
});

describe('operational errors thrown by handlers', () => {
  it('answers a missing resource with 404', async () => {
    const answer = await call(demo, 'GET', '/api/demo/carriers/no-such-carrier');
    expectProblem(answer, 404, 'not-found');
    expect(answer.body.detail).toBe('no carrier no-such-carrier');
  });

  it('answers a duplicate with 409', async () => {
    const json = { ...tusStar, name: 'Duplicate Space' };
    expect((await call(demo, 'POST', '/api/demo/carriers', { json, token: admin })).status).toBe(
      201,
    );
    expectProblem(
      await call(demo, 'POST', '/api/demo/carriers', { json, token: admin }),
      409,
      'conflict',
    );
  });

  it('answers a stale If-Match with 412 and accepts the current one', async () => {
    const json = { ...tusStar, name: 'Versioned Space' };
    await call(demo, 'POST', '/api/demo/carriers', { json, token: admin });
    const stale = await call(demo, 'PUT', '/api/demo/carriers/versioned-space', {
      json,
      token: admin,
      headers: { 'if-match': '"7"' },
    });
    expectProblem(stale, 412, 'precondition-failed');
    const current = await call(demo, 'PUT', '/api/demo/carriers/versioned-space', {
      json: { ...json, level: 'provincial' },
      token: admin,
      headers: { 'if-match': '"1"' },
    });
    expect(current.status).toBe(200);
    expect(current.body.version).toBe(2);
  });
});

describe('unexpected failures', () => {
  it('answers an unexpected throw with 500 that reveals nothing', async () => {
    const answer = await call(demo, 'GET', '/api/demo/faults/unexpected');
    expectProblem(answer, 500, 'internal');
    expect(answer.body.detail).toBe(
      'an unexpected error occurred; quote the requestId when reporting it',
    );
    expect(answer.text).not.toMatch(/ECONNREFUSED|hunter2|mongodb|10\.0\.0\.5|stack|demo-service/i);
    expect(Object.keys(answer.body).sort()).toEqual(
      ['detail', 'instance', 'requestId', 'status', 'title', 'type'].sort(),
    );
  });

  it('logs the unexpected error with its stack and the request id', async () => {
    const answer = await call(demo, 'GET', '/api/demo/faults/unexpected');
    const logged = demo
      .logs()
      .find((line) => line.msg === 'unexpected error' && line.requestId === answer.body.requestId);
    expect(logged).toBeDefined();
    expect(JSON.stringify(logged)).toContain('ECONNREFUSED');
  });

  it('answers a response that breaks the document with 500, not the bad body', async () => {
    const answer = await call(demo, 'GET', '/api/demo/faults/invalid-response');
    expectProblem(answer, 500, 'internal');
    expect(answer.text).not.toContain('"name":42');
  });
});

describe('request ids', () => {
  it('echoes a client X-Request-Id and puts it on the problem', async () => {
    const answer = await call(demo, 'GET', '/api/demo/carriers/nobody', {
      headers: { 'x-request-id': 'mini-program-req-0042' },
    });
    expect(answer.headers.get('x-request-id')).toBe('mini-program-req-0042');
    expect(answer.body.requestId).toBe('mini-program-req-0042');
  });

  it('replaces an unusable X-Request-Id with a UUID', async () => {
    const answer = await call(demo, 'GET', '/healthz', {
      headers: { 'x-request-id': 'has spaces and {json}' },
    });
    expect(answer.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});
