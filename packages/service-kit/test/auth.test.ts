import { importJWK, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createHttpApp,
  createJwtAuth,
  createLogger,
  generateTokenKeyPair,
  signDevToken,
  tokenVerification,
  UnauthorizedError,
} from '../src/index.js';
import { call, startDemo, type RunningDemo } from './fixtures/running-demo.js';

const carrier = { name: 'Zhongguancun Maker Space', kind: 'maker_space', level: 'national' };

let demo: RunningDemo;
beforeAll(async () => {
  demo = await startDemo();
});
afterAll(() => demo.stop());

function createCarrier(token?: string, name = carrier.name) {
  return call(demo, 'POST', '/api/demo/carriers', { json: { ...carrier, name }, token });
}

describe("roles required by the OpenAPI document (the operation's x-roles)", () => {
  it('answers no token with 401 and a Bearer challenge', async () => {
    const answer = await createCarrier();
    expect(answer.status).toBe(401);
    expect(answer.body.type).toBe('https://errors.shuangchuang.dev/unauthorized');
    expect(answer.headers.get('www-authenticate')).toBe('Bearer');
  });

  it('answers a wrong role with 403', async () => {
    const answer = await createCarrier(await demo.token(['editor', 'founder']));
    expect(answer.status).toBe(403);
    expect(answer.body.type).toBe('https://errors.shuangchuang.dev/forbidden');
    expect(answer.body.detail).toContain('registry-admin');
  });

  it('lets the right role through', async () => {
    const answer = await createCarrier(await demo.token(['editor', 'registry-admin']));
    expect(answer.status).toBe(201);
  });

  it('answers an expired token with 401', async () => {
    const answer = await createCarrier(await demo.token(['registry-admin'], { ttl: '-1h' }), 'x1');
    expect(answer.status).toBe(401);
    expect(answer.body.detail).toBe('the token expired');
  });

  it('answers a token signed with another key or a shared secret with 401', async () => {
    const forgedWithAnotherKey = await signDevToken({
      privateJwk: generateTokenKeyPair('ES256').privateJwk,
      sub: 'mallory',
      roles: ['registry-admin'],
    });
    const forgedWithASecret = await signDevToken({
      secret: 'an-attacker-secret-that-is-long-enough-0123',
      sub: 'mallory',
      roles: ['registry-admin'],
    });
    for (const forged of [forgedWithAnotherKey, forgedWithASecret]) {
      const answer = await createCarrier(forged, 'x2');
      expect(answer.status).toBe(401);
      expect(answer.body.detail).toBe('the token is not valid');
    }
  });

  it('answers a token with a tampered payload, unsigned alg or wrong audience with 401', async () => {
    const genuine = await demo.token(['founder']);
    const [header, , signature] = genuine.split('.');
    const elevated = Buffer.from(
      JSON.stringify({
        sub: 'staff-1',
        roles: ['registry-admin'],
        iss: 'shuangchuang',
        aud: 'shuangchuang-api',
        exp: Math.floor(Date.now() / 1000) + 3600,
      }),
    ).toString('base64url');
    const unsignedHeader = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString(
      'base64url',
    );
    const wrongAudience = await new SignJWT({ roles: ['registry-admin'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('staff-1')
      .setIssuer('shuangchuang')
      .setAudience('another-api')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('a-shared-secret-of-at-least-32-characters'));

    for (const token of [
      `${header}.${elevated}.${signature}`,
      `${unsignedHeader}.${elevated}.`,
      wrongAudience,
      'not-a-jwt',
    ]) {
      const answer = await createCarrier(token, 'x3');
      expect(answer.status, token).toBe(401);
    }
  });

  it('answers a valid token without any role, or with unknown roles only, with 403', async () => {
    for (const roles of [[], ['superuser']]) {
      const answer = await call(demo, 'GET', '/api/demo/me', { token: await demo.token(roles) });
      expect(answer.status, JSON.stringify(roles)).toBe(403);
      expect(answer.body.detail).toContain('founder');
    }
  });

  it('sets req.user from the claims', async () => {
    const token = await signDevToken({
      sub: 'staff-9',
      roles: ['reviewer'],
      carrierIds: ['tus-star-dezhou', 'zgc-maker'],
      name: '王老师',
    });
    const answer = await call(demo, 'GET', '/api/demo/me', { token });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      id: 'staff-9',
      roles: ['reviewer'],
      carrierIds: ['tus-star-dezhou', 'zgc-maker'],
      name: '王老师',
    });
  });
});

describe('the roles in the contract are checked at start-up', () => {
  const documentWith = (operation: Record<string, unknown>) => ({
    openapi: '3.1.0',
    info: { title: 'roles', version: '1' },
    servers: [{ url: '/api/roles' }],
    security: [{ bearerAuth: [] }],
    paths: { '/things': { get: { operationId: 'listThings', responses: {}, ...operation } } },
    components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' } } },
  });
  const appWith = (operation: Record<string, unknown>) =>
    createHttpApp({
      service: 'roles',
      apiSpec: documentWith(operation),
      logger: createLogger({ service: 'roles', destination: { write: () => undefined } }),
      auth: createJwtAuth(tokenVerification({ NODE_ENV: 'test' })),
      routes: { 'GET /things': () => ({ status: 200, body: [] }) },
    });

  it('refuses a secured operation without x-roles, roles written as bearer scopes, and a public one with roles', () => {
    expect(() => appWith({})).toThrow('listThings needs a bearer token but lists no x-roles');
    expect(() =>
      appWith({ security: [{ bearerAuth: ['founder'] }], 'x-roles': ['founder'] }),
    ).toThrow('listThings lists roles as bearer scopes');
    expect(() => appWith({ security: [], 'x-roles': ['founder'] })).toThrow(
      'listThings is public (security: []) but lists x-roles',
    );
    expect(() => appWith({ 'x-roles': ['founder'] })).not.toThrow();
  });
});

describe('requireRoles middleware on a route the document leaves open', () => {
  it('answers 401 without a token, 403 with a wrong role, and runs the handler for the right one', async () => {
    const admin = await demo.token(['registry-admin']);
    await createCarrier(admin, 'Doomed Space');

    expect((await call(demo, 'DELETE', '/api/demo/carriers/doomed-space')).status).toBe(401);
    const editor = await demo.token(['editor']);
    expect(
      (await call(demo, 'DELETE', '/api/demo/carriers/doomed-space', { token: editor })).status,
    ).toBe(403);
    expect(
      (await call(demo, 'DELETE', '/api/demo/carriers/doomed-space', { token: admin })).status,
    ).toBe(204);
    expect((await call(demo, 'GET', '/api/demo/carriers/doomed-space')).status).toBe(404);
  });
});

describe('createJwtAuth().verify', () => {
  it('returns the user of a valid token and refuses a missing subject', async () => {
    const auth = createJwtAuth(tokenVerification({ NODE_ENV: 'test' }));
    const user = await auth.verify(
      await signDevToken({ sub: 'founder-7', roles: ['founder'], ttl: '2h' }),
    );
    expect(user).toEqual({ id: 'founder-7', roles: ['founder'], carrierIds: [] });

    const pair = generateTokenKeyPair('ES256');
    const withoutSubject = await new SignJWT({ roles: ['founder'] })
      .setProtectedHeader({ alg: 'ES256', kid: pair.privateJwk.kid })
      .setIssuer('shuangchuang')
      .setAudience('shuangchuang-api')
      .setJti('t-1')
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(await importJWK(pair.privateJwk, 'ES256'));
    const ownAuth = createJwtAuth({
      algorithm: 'ES256',
      jwks: pair.jwks,
      maxTokenAgeSeconds: 3600,
    });
    await expect(ownAuth.verify(withoutSubject)).rejects.toBeInstanceOf(UnauthorizedError);
  });
});
