// Logins cannot be flooded: per client address, per WeChat identity, new accounts per address
// and in all; 429 problem+json with Retry-After and the IETF RateLimit headers; counted in the
// database, so two replicas share one count.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIntake, type RunningIntake } from '../support/start-intake.js';
import type { CallResult } from '../support/intake-harness.js';
import { startIntakeHarness, type IntakeHarness } from '../support/intake-harness.js';

let h: IntakeHarness;
let replica: RunningIntake;
beforeAll(async () => {
  h = await startIntakeHarness({
    env: {
      LOGIN_RATE_LIMIT_PER_CLIENT: '4/1m',
      LOGIN_RATE_LIMIT_PER_IDENTITY: '3/1m',
      ACCOUNT_CREATION_RATE_LIMIT_PER_CLIENT: '3/1h',
      ACCOUNT_CREATION_RATE_LIMIT: '8/1m',
    },
  });
  replica = await startIntake(h.config, { logger: h.service.logger });
});
afterAll(async () => {
  await replica?.stop();
  await h?.stop();
});

/** A login as the gateway forwards it: the client's address in X-Forwarded-For. */
function login(code: string, client: string, base = h.baseUrl): Promise<CallResult> {
  return fetch(`${base}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': client },
    body: JSON.stringify({ code: `dev:${code}` }),
  }).then(async (response) => ({
    status: response.status,
    headers: response.headers,
    body: await response.json(),
  }));
}

function expectLimited(answer: CallResult, name: string, detail: string) {
  expect(answer.status).toBe(429);
  expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(answer.body).toMatchObject({
    type: 'https://errors.shuangchuang.dev/too-many-requests',
    status: 429,
    detail: expect.stringContaining(detail),
  });
  expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0);
  expect(answer.headers.get('ratelimit')).toMatch(new RegExp(`^"${name}"; r=0; t=\\d+`));
  expect(answer.headers.get('ratelimit-policy')).toMatch(new RegExp(`^"${name}"; q=\\d+; w=\\d+`));
}

describe('login limits', () => {
  it('per client address, counted across replicas', async () => {
    const replicaBase = `${replica.url}/api/application-intake`;
    const answers = [];
    // the same founder from one address, alternating between the two replicas
    for (let i = 0; i < 5; i++) {
      answers.push(await login('limit-a', '203.0.113.1', i % 2 ? replicaBase : h.baseUrl));
    }
    expect(answers.slice(0, 3).map((a) => a.status)).toEqual([200, 200, 200]);
    expect(answers[0]!.headers.get('ratelimit-policy')).toMatch(/^"login-per-client"; q=4; w=60/);
    // the fourth login of limit-a is over the identity's 3, the fifth over the client's 4
    expectLimited(answers[4]!, 'login-per-client', 'too many login requests from here');
    // another address is not affected
    expect((await login('limit-b', '203.0.113.2')).status).toBe(200);
  });

  it('per WeChat identity, whatever address it comes from', async () => {
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await login('limit-c', `198.51.100.${i}`)).status);
    expect(statuses).toEqual([200, 200, 200]);
    expectLimited(
      await login('limit-c', '198.51.100.9'),
      'login-per-identity',
      'too many logins of this WeChat user',
    );
  });

  it('new accounts per address, while known founders still log in', async () => {
    const client = '192.0.2.7';
    for (const name of ['new-1', 'new-2', 'new-3'])
      expect((await login(name, client)).status).toBe(200);
    expectLimited(
      await login('new-4', client),
      'accounts-per-client',
      'too many new accounts from here',
    );
    // (from another address: this one has used up its 4 logins a minute)
    expect((await login('new-1', '192.0.2.8')).status).toBe(200);
  });

  it('new accounts in all, against a sign-up flood from many addresses', async () => {
    // 6 accounts exist from the tests above (limit-a, limit-b, limit-c, new-1…3); the limit is 8
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await login(`flood-${i}`, `100.64.0.${i}`)).status);
    expect(statuses.slice(0, 2)).toEqual([200, 200]);
    expect(statuses.slice(2)).toEqual([429, 429]);
    expectLimited(await login('flood-9', '100.64.0.99'), 'accounts', 'too many new accounts');
  });
});
