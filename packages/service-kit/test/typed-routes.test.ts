// Typed route tables through startService: parameters typed and coerced from the contract,
// responses with their headers, roles from x-roles, If-Match with 428/412, a busy transaction 503.
import { beforeAll, describe, expect, it } from 'vitest';
import express from 'express';
import { mountRouteTable } from '../src/routes/typed-routes.js';
import type { Operation } from '../src/routes/operations.js';
import { useVouchers } from './fixtures/running-vouchers.js';

const running = useVouchers();

describe('a route table typed from the contract', () => {
  it('answers with the status, body and headers the handler returned', async () => {
    const issued = await running.issue(
      { holder: '德州某科技公司', service: 'testing', amountYuan: 5000 },
      'typed-1',
    );
    expect(issued.status).toBe(201);
    expect(issued.headers.get('etag')).toBe('"1"');
    expect(issued.headers.get('location')).toBe(`/api/vouchers/vouchers/${issued.body.id}`);
    expect(issued.headers.get('x-request-id')).toBeTruthy();
    const read = await running.vouchers.call('GET', `/vouchers/${issued.body.id}`);
    expect(read.body).toEqual(issued.body);
    const withdrawn = await running.vouchers.call('DELETE', `/vouchers/${issued.body.id}`, {
      token: running.admin,
    });
    expect(withdrawn.status).toBe(204);
    expect(withdrawn.headers.get('x-guarded')).toBe('delete');
    expect(read.headers.get('x-guarded')).toBeNull();
    expect((await running.vouchers.call('GET', `/vouchers/${issued.body.id}`)).status).toBe(404);
  });

  it('hands the query over coerced to the contract types, with its defaults', async () => {
    const plain = await running.vouchers.call('GET', '/vouchers');
    expect(plain.body.query).toEqual({ limit: 20 });
    const typed = await running.vouchers.call(
      'GET',
      '/vouchers?holder=%E5%BE%B7%E5%B7%9E&redeemed=false&service=testing&service=patents&limit=3',
    );
    expect(typed.status).toBe(200);
    expect(typed.body.query).toEqual({
      holder: '德州',
      redeemed: false,
      service: ['testing', 'patents'],
      limit: 3,
    });
    const single = await running.vouchers.call('GET', '/vouchers?service=mentoring&redeemed=true');
    expect(single.body.query).toEqual({ service: ['mentoring'], redeemed: true, limit: 20 });
    expect((await running.vouchers.call('GET', '/vouchers?limit=0')).status).toBe(400);
    expect((await running.vouchers.call('GET', '/vouchers?unknown=1')).status).toBe(400);
  });

  it('takes who may call an operation from its x-roles: 401 without a token, 403 without one of the roles', async () => {
    const body = { holder: 'x', service: 'testing', amountYuan: 1 };
    expect(
      (
        await running.vouchers.call('POST', '/vouchers', {
          body,
          headers: { 'idempotency-key': 'r-1' },
        })
      ).status,
    ).toBe(401);
    for (const roles of [[], ['carrier-staff'], ['unknown-role']]) {
      const answer = await running.issue(
        body,
        `r-${roles.join()}`,
        await running.vouchers.token(roles),
      );
      expect(answer.status, JSON.stringify(roles)).toBe(403);
      expect(answer.headers.get('content-type')).toMatch(/application\/problem\+json/);
    }
    // a public operation needs no token
    expect((await running.vouchers.call('GET', '/vouchers')).status).toBe(200);
  });
});

describe('conditional writes (If-Match)', () => {
  let id: string;
  beforeAll(async () => {
    id = (
      await running.issue({ holder: '青岛', service: 'mentoring', amountYuan: 800 }, 'if-match-1')
    ).body.id;
  });

  it('answers a write without If-Match with 428 Precondition Required as problem+json', async () => {
    const staff = await running.vouchers.token(['carrier-staff']);
    const answer = await running.vouchers.call('PUT', `/vouchers/${id}`, {
      token: staff,
      body: { redeemedBy: '青岛某孵化器' },
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(428);
    expect(answer.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(answer.body).toMatchObject({
      type: 'https://errors.shuangchuang.dev/precondition-required',
      status: 428,
      errors: [{ path: 'If-Match' }],
    });
  });

  it('answers a malformed or stale If-Match with 412 and applies a current one', async () => {
    const staff = await running.vouchers.token(['carrier-staff']);
    const put = (ifMatch: string) =>
      running.vouchers.call('PUT', `/vouchers/${id}`, {
        token: staff,
        headers: { 'if-match': ifMatch },
        body: { redeemedBy: '青岛某孵化器' },
      });
    expect((await put('version-1')).status).toBe(412);
    expect((await put('"7"')).status).toBe(412);
    const applied = await put('"1"');
    expect(applied.status).toBe(200);
    expect(applied.headers.get('etag')).toBe('"2"');
    expect((await put('"1"')).status).toBe(412);
  });

  it('answers 503 with Retry-After, fast, while a crashed process still holds the document', async () => {
    const { models } = running.vouchers.service.exposed;
    const stranded = await running.vouchers.service.connection.startSession();
    stranded.startTransaction();
    await models.vouchers.updateOne({ _id: id }, { $set: { holder: '某' } }, { session: stranded });
    const began = Date.now();
    const answer = await running.vouchers.call('PUT', `/vouchers/${id}`, {
      token: running.admin,
      headers: { 'if-match': '"2"' },
      body: { redeemedBy: '另一家' },
    });
    expect(answer.status).toBe(503);
    expect(answer.headers.get('retry-after')).toBe('1');
    expect(answer.body.type).toBe('https://errors.shuangchuang.dev/unavailable');
    expect(Date.now() - began).toBeLessThan(10_000);
    await stranded.abortTransaction();
    await stranded.endSession();
  });
});

describe('route guards', () => {
  const operation: Operation = {
    operationId: 'listThings',
    method: 'get',
    path: '/things',
    roles: [],
    public: true,
    headers: new Map(),
    query: new Map(),
    pathParameters: new Map(),
  };
  const table = { 'GET /things': () => ({ status: 200, body: [] }) };

  it('refuses guards of a route the table does not have', () => {
    expect(() =>
      mountRouteTable(express.Router(), table, [operation], { 'POST /things': [] }),
    ).toThrow(/guards for no route: POST \/things/);
    expect(() =>
      mountRouteTable(express.Router(), table, [operation], { 'GET /things': [] }),
    ).not.toThrow();
  });
});
