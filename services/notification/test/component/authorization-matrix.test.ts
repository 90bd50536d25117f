import { signDevToken } from '@shuangchuang/service-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startNotificationHarness,
  type NotificationHarness,
} from '../support/notification-harness.js';

const ROLES = [
  'founder',
  'reviewer',
  'intake-admin',
  'editor',
  'chief-editor',
  'registry-admin',
  'notification-admin',
];
const EVERYONE = ROLES;
const PREFERENCES = {
  channels: { inbox: true, wechat_subscribe: false, sms: false, email: false },
};

/** Every operation of the API with the roles that may call it. */
const MATRIX: {
  method: string;
  path: string;
  allowed: string[];
  body?: unknown;
  headers?: Record<string, string>;
}[] = [
  { method: 'GET', path: '/follows', allowed: ['founder'] },
  { method: 'PUT', path: '/follows/c-dezhou', allowed: ['founder'] },
  { method: 'DELETE', path: '/follows/c-dezhou', allowed: ['founder'] },
  { method: 'PUT', path: '/reviewer-registration', allowed: ['reviewer', 'intake-admin'] },
  { method: 'GET', path: '/reviewer-registration', allowed: ['reviewer', 'intake-admin'] },
  { method: 'DELETE', path: '/reviewer-registration', allowed: ['reviewer', 'intake-admin'] },
  { method: 'GET', path: '/inbox', allowed: EVERYONE },
  { method: 'GET', path: '/inbox/unread-count', allowed: EVERYONE },
  { method: 'POST', path: '/inbox/read-all', allowed: EVERYONE },
  { method: 'GET', path: '/preferences', allowed: EVERYONE },
  { method: 'PUT', path: '/preferences', allowed: EVERYONE, body: PREFERENCES },
  { method: 'GET', path: '/subscribe-authorisations', allowed: ['founder'] },
  {
    method: 'POST',
    path: '/subscribe-authorisations',
    allowed: ['founder'],
    body: { results: [{ templateId: 'tpl-1', result: 'reject' }] },
    headers: { 'idempotency-key': 'matrix-key-1' },
  },
  { method: 'GET', path: '/failed-deliveries', allowed: ['notification-admin'] },
  { method: 'GET', path: '/me/data-export', allowed: ['founder'] },
  { method: 'DELETE', path: '/me', allowed: ['founder'] },
];

let h: NotificationHarness;
beforeAll(async () => {
  h = await startNotificationHarness();
  await h.carrier('c-dezhou', 1);
});
afterAll(async () => h?.stop());

describe.each(MATRIX)('$method $path', ({ method, path, allowed, body, headers }) => {
  it('refuses anonymous and forged tokens with 401', async () => {
    expect((await h.call(method, path, { body, headers })).status).toBe(401);
    const forged = await signDevToken({
      secret: 'an-attacker-secret-that-is-long-enough-1234',
      sub: 'mallory',
      roles: ROLES,
      carrierIds: ['c-dezhou'],
    });
    expect((await h.call(method, path, { token: forged, body, headers })).status).toBe(401);
  });

  // #24: roles come from the contract's x-roles, so a token holding none of them reads nothing
  it.each([[[]], [['intern']]])('a token with roles %j is refused with 403', async (roles) => {
    const token = await h.staffToken('user-roleless', roles as string[], ['c-dezhou']);
    const response = await h.call(method, path, { token, body, headers });
    expect(response.status).toBe(403);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
  });

  it.each(ROLES)('role %s', async (role) => {
    const token = await h.staffToken(`user-${role}`, [role], ['c-dezhou']);
    const response = await h.call(method, path, { token, body, headers });
    if (allowed.includes(role)) {
      expect([200, 204], JSON.stringify(response.body)).toContain(response.status);
    } else {
      expect(response.status).toBe(403);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
    }
  });
});

it('the subscribe templates are public', async () => {
  expect((await h.call('GET', '/subscribe-templates')).status).toBe(200);
  const roleless = await h.staffToken('user-roleless', []);
  expect((await h.call('GET', '/subscribe-templates', { token: roleless })).status).toBe(200);
});

it('an Idempotency-Key that is not printable ASCII is a 400 problem', async () => {
  const token = await h.founderToken('founder-keys');
  for (const key of ['clé-0001-0001', 'x'.repeat(256)]) {
    const response = await h.call('POST', '/subscribe-authorisations', {
      token,
      headers: { 'idempotency-key': key },
      body: { results: [{ templateId: 'tpl-1', result: 'accept' }] },
    });
    expect(response.status, key).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
  }
  const ledger = await h.call('GET', '/subscribe-authorisations', { token });
  expect(ledger.body.items).toEqual([]);
});

it('each user reads and marks only their own inbox', async () => {
  const id = await h.publish('cn.shuangchuang.intake.application.submitted.v1', 'app-9', {
    applicationId: 'app-9',
    carrierId: 'c-dezhou',
    founderUserId: 'alice',
    status: 'submitted',
    submittedAt: '2026-11-23T02:00:00Z',
  });
  await h.handled('notification.intake-events', id);
  const alice = await h.founderToken('alice');
  const bob = await h.founderToken('bob');
  const mine = (await h.call('GET', '/inbox', { token: alice })).body.items;
  expect(mine).toHaveLength(1);
  expect((await h.call('GET', '/inbox', { token: bob })).body.items).toHaveLength(0);
  expect((await h.call('POST', `/inbox/${mine[0].id}/read`, { token: bob })).status).toBe(404);
  expect((await h.call('POST', '/inbox/read-all', { token: bob })).body.marked).toBe(0);
  expect((await h.call('GET', '/inbox/unread-count', { token: alice })).body.unreadCount).toBe(1);
});

it('data rights: the export holds everything kept about the user; deletion leaves nothing', async () => {
  const carol = await h.founderToken('carol');
  await h.call('PUT', '/follows/c-dezhou', { token: carol });
  await h.call('PUT', '/preferences', {
    token: carol,
    body: {
      channels: { inbox: true, wechat_subscribe: true, sms: true, email: false },
      contacts: { mobile: '13812345678' },
    },
  });
  await h.call('POST', '/subscribe-authorisations', {
    token: carol,
    headers: { 'idempotency-key': 'carol-key-1' },
    body: { openId: 'openid-carol', results: [{ templateId: 'tpl-1', result: 'accept' }] },
  });
  const id = await h.publish('cn.shuangchuang.intake.application.submitted.v1', 'app-10', {
    applicationId: 'app-10',
    carrierId: 'c-dezhou',
    founderUserId: 'carol',
    status: 'submitted',
    submittedAt: '2026-11-23T02:00:00Z',
  });
  await h.handled('notification.intake-events', id);
  const exported = await h.call('GET', '/me/data-export', { token: carol });
  expect(exported.status).toBe(200);
  expect(exported.body).toMatchObject({
    userId: 'carol',
    follows: [{ carrierId: 'c-dezhou', carrierName: '启迪之星（德州）' }],
    preferences: { contacts: { mobile: '13812345678' } },
    authorisations: { items: [{ templateId: 'tpl-1', remaining: 1 }] },
  });
  expect(exported.body.inbox).toHaveLength(1);

  expect((await h.call('DELETE', '/me', { token: carol })).status).toBe(204);
  const db = h.service.connection;
  for (const [collection, filter] of [
    ['follows', { userId: 'carol' }],
    ['inbox', { userId: 'carol' }],
    ['preferences', { _id: 'carol' }],
    ['subscribe_authorisations', { userId: 'carol' }],
    ['deliveries', { userId: 'carol' }],
    ['digest_entries', { userId: 'carol' }],
  ] as const) {
    expect(await db.collection(collection).countDocuments(filter as never), collection).toBe(0);
  }
  const after = await h.call('GET', '/me/data-export', { token: carol });
  expect(after.body.follows).toEqual([]);
  expect(after.body.inbox).toEqual([]);
});
