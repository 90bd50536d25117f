import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeInput } from '../fixtures/application-input.js';
import { startIntakeHarness, type IntakeHarness } from '../support/intake-harness.js';
import { castFor, createDraft, drive, type Cast, type Who } from '../support/lifecycle-driver.js';

// Every endpoint against every kind of caller. "owner" is the founder who made the application;
// "…Of" staff serve its carrier, "…Other" staff serve another one.
const CARRIER = 'c-authz';
const OTHER_CARRIER = 'c-elsewhere';
const CALLERS = [
  'anonymous',
  'owner',
  'otherFounder',
  'reviewerOf',
  'reviewerOther',
  'adminOf',
  'adminOther',
] as const;
type Caller = (typeof CALLERS)[number];

let h: IntakeHarness;
let owners = 0;

beforeAll(async () => {
  h = await startIntakeHarness();
  await h.publishCarrier({ carrierId: CARRIER, version: 1 }, 'created');
  await h.publishCarrier({ carrierId: OTHER_CARRIER, version: 1, name: '海创空间' }, 'created');
  await h.carrierVersion(CARRIER, 1);
  await h.carrierVersion(OTHER_CARRIER, 1);
});
afterAll(async () => h?.stop());

async function tokenOf(caller: Caller, cast: Cast): Promise<string | undefined> {
  switch (caller) {
    case 'anonymous':
      return undefined;
    case 'owner':
      return cast.founder;
    case 'otherFounder':
      return h.founderToken('wxu_stranger');
    case 'reviewerOf':
      return cast.reviewer;
    case 'adminOf':
      return cast.admin;
    case 'reviewerOther':
      return h.staffToken('reviewer-elsewhere', ['reviewer'], [OTHER_CARRIER]);
    case 'adminOther':
      return h.staffToken('admin-elsewhere', ['intake-admin'], [OTHER_CARRIER]);
  }
}

interface Endpoint {
  name: string;
  /** The application's state before the call, as moves from a draft (null: no application). */
  before: [string, Who][] | null;
  request(id: string): {
    method: string;
    path: string;
    body?: unknown;
    headers?: Record<string, string>;
  };
  expected: Record<Caller, number>;
}

const key = () => ({ 'idempotency-key': crypto.randomUUID() });
const founderOnly = (ok: number) => ({
  anonymous: 401,
  owner: ok,
  otherFounder: 404,
  reviewerOf: 403,
  reviewerOther: 403,
  adminOf: 403,
  adminOther: 403,
});
const staffOnly = (ok: number) => ({
  anonymous: 401,
  owner: 403,
  otherFounder: 403,
  reviewerOf: ok,
  reviewerOther: 404,
  adminOf: ok,
  adminOther: 404,
});

const ENDPOINTS: Endpoint[] = [
  {
    name: 'POST /admission-precheck',
    before: null,
    request: () => ({
      method: 'POST',
      path: '/admission-precheck',
      body: { creditCode: '914403001922038216', foundedOn: '2025-01-01' },
    }),
    expected: {
      anonymous: 401,
      owner: 200,
      otherFounder: 200,
      reviewerOf: 200,
      reviewerOther: 200,
      adminOf: 200,
      adminOther: 200,
    },
  },
  {
    name: 'GET /applications',
    before: null,
    request: () => ({ method: 'GET', path: '/applications' }),
    expected: {
      anonymous: 401,
      owner: 200,
      otherFounder: 200,
      reviewerOf: 200,
      reviewerOther: 200,
      adminOf: 200,
      adminOther: 200,
    },
  },
  {
    name: 'POST /applications',
    before: null,
    request: () => ({
      method: 'POST',
      path: '/applications',
      body: completeInput(CARRIER),
      headers: key(),
    }),
    expected: {
      anonymous: 401,
      owner: 201,
      otherFounder: 201,
      reviewerOf: 403,
      reviewerOther: 403,
      adminOf: 403,
      adminOther: 403,
    },
  },
  {
    name: 'GET /applications/{id}',
    before: [['submitted', 'founder']],
    request: (id) => ({ method: 'GET', path: `/applications/${id}` }),
    expected: {
      anonymous: 401,
      owner: 200,
      otherFounder: 404,
      reviewerOf: 200,
      reviewerOther: 404,
      adminOf: 200,
      adminOther: 404,
    },
  },
  {
    name: 'PUT /applications/{id}',
    before: [],
    request: (id) => ({
      method: 'PUT',
      path: `/applications/${id}`,
      body: completeInput(CARRIER),
      headers: { 'if-match': '"1"' },
    }),
    expected: founderOnly(200),
  },
  {
    name: 'POST /applications/{id}/submit',
    before: [],
    request: (id) => ({ method: 'POST', path: `/applications/${id}/submit`, headers: key() }),
    expected: founderOnly(200),
  },
  {
    name: 'POST /applications/{id}/resubmit',
    before: [
      ['submitted', 'founder'],
      ['under_review', 'reviewer'],
      ['info_requested', 'reviewer'],
    ],
    request: (id) => ({
      method: 'POST',
      path: `/applications/${id}/resubmit`,
      body: { comment: '已补充' },
    }),
    expected: founderOnly(200),
  },
  {
    name: 'POST /applications/{id}/withdraw',
    before: [['submitted', 'founder']],
    request: (id) => ({ method: 'POST', path: `/applications/${id}/withdraw`, body: {} }),
    expected: founderOnly(200),
  },
  {
    name: 'POST /applications/{id}/transitions',
    before: [['submitted', 'founder']],
    request: (id) => ({
      method: 'POST',
      path: `/applications/${id}/transitions`,
      body: { to: 'under_review' },
    }),
    expected: staffOnly(200),
  },
  {
    name: 'POST /applications/{id}/scores',
    before: [
      ['submitted', 'founder'],
      ['under_review', 'reviewer'],
    ],
    request: (id) => ({
      method: 'POST',
      path: `/applications/${id}/scores`,
      body: { scores: { innovation: 8, team: 7, market: 6, fit: 9 } },
    }),
    expected: staffOnly(200),
  },
  {
    name: 'PUT /applications/{id}/graduation-facts',
    before: [
      ['submitted', 'founder'],
      ['under_review', 'reviewer'],
      ['accepted', 'reviewer'],
      ['admitted', 'admin'],
    ],
    request: (id) => ({
      method: 'PUT',
      path: `/applications/${id}/graduation-facts`,
      body: {
        highTechEnterprise: true,
        cumulativeFundingYuan: 0,
        revenueByYear: {},
        acquiredOrListed: false,
      },
    }),
    expected: {
      anonymous: 401,
      owner: 403,
      otherFounder: 403,
      reviewerOf: 403,
      reviewerOther: 403,
      adminOf: 200,
      adminOther: 404,
    },
  },
  {
    name: 'GET /carriers/{id}/incubation-watch-list',
    before: null,
    request: () => ({ method: 'GET', path: `/carriers/${CARRIER}/incubation-watch-list` }),
    expected: {
      anonymous: 401,
      owner: 403,
      otherFounder: 403,
      reviewerOf: 200,
      reviewerOther: 403,
      adminOf: 200,
      adminOther: 403,
    },
  },
  {
    name: 'GET /carriers/{id}/intake-policy',
    before: null,
    request: () => ({ method: 'GET', path: `/carriers/${CARRIER}/intake-policy` }),
    expected: {
      anonymous: 200,
      owner: 200,
      otherFounder: 200,
      reviewerOf: 200,
      reviewerOther: 200,
      adminOf: 200,
      adminOther: 200,
    },
  },
  {
    name: 'PUT /carriers/{id}/intake-policy',
    before: null,
    request: () => ({
      method: 'PUT',
      path: `/carriers/${CARRIER}/intake-policy`,
      body: { maxCompanyAgeMonths: 24 },
    }),
    expected: {
      anonymous: 401,
      owner: 403,
      otherFounder: 403,
      reviewerOf: 403,
      reviewerOther: 403,
      adminOf: 200,
      adminOther: 403,
    },
  },
  {
    name: 'GET /me/data-export',
    before: null,
    request: () => ({ method: 'GET', path: '/me/data-export' }),
    expected: {
      anonymous: 401,
      owner: 200,
      otherFounder: 200,
      reviewerOf: 403,
      reviewerOther: 403,
      adminOf: 403,
      adminOther: 403,
    },
  },
  {
    name: 'DELETE /me',
    before: null,
    request: () => ({ method: 'DELETE', path: '/me' }),
    expected: {
      anonymous: 401,
      owner: 204,
      otherFounder: 204,
      reviewerOf: 403,
      reviewerOther: 403,
      adminOf: 403,
      adminOther: 403,
    },
  },
];

const cells = ENDPOINTS.flatMap((endpoint) =>
  CALLERS.map((caller) => [endpoint.name, caller, endpoint.expected[caller], endpoint] as const),
);

describe('authorization matrix', () => {
  it('covers every operation of the OpenAPI document but the public login, refresh and logout', async () => {
    const { openapiDocumentPath } = await import('@shuangchuang/contracts/documents');
    const { parse } = await import('yaml');
    const { readFileSync } = await import('node:fs');
    const document = parse(readFileSync(openapiDocumentPath('application-intake'), 'utf8')) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const operations = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.keys(item)
        .filter((method) => ['get', 'post', 'put', 'delete', 'patch'].includes(method))
        .map((method) => `${method.toUpperCase()} ${path.replace(/\{[^}]+\}/g, '{id}')}`),
    );
    const covered = ENDPOINTS.map((e) => e.name.replace(/\{[^}]+\}/g, '{id}'));
    const publicOperations = ['POST /auth/login', 'POST /auth/refresh', 'POST /auth/logout'];
    expect(operations.filter((op) => !publicOperations.includes(op)).sort()).toEqual(
      covered.sort(),
    );
  });

  it.each(cells)('%s as %s → %i', async (_name, caller, expected, endpoint) => {
    const cast = await castFor(h, `wxu_owner_${++owners}`, CARRIER);
    let id = 'no-application';
    if (endpoint.before) {
      id = await createDraft(h, cast.founder, CARRIER);
      if (endpoint.before.length) await drive(h, cast, id, endpoint.before);
    }
    const { method, path, body, headers } = endpoint.request(id);
    const response = await h.call(method, path, {
      token: await tokenOf(caller, cast),
      body,
      headers,
    });
    expect(response.status, JSON.stringify(response.body)).toBe(expected);
    if (expected >= 400) {
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
  });

  it('lists only what each caller may see', async () => {
    const cast = await castFor(h, 'wxu_lister', CARRIER);
    const mine = await createDraft(h, cast.founder, CARRIER);
    const elsewhereCast = await castFor(h, 'wxu_lister', OTHER_CARRIER);
    const elsewhere = await createDraft(h, elsewhereCast.founder, OTHER_CARRIER);
    const ids = async (token: string | undefined, query = '') =>
      (
        (await h.call('GET', `/applications${query}`, { token })).body.items as { id: string }[]
      ).map((i) => i.id);
    expect(await ids(cast.founder)).toEqual([elsewhere, mine]);
    expect(await ids(await tokenOf('otherFounder', cast))).not.toContain(mine);
    expect(await ids(cast.reviewer)).toContain(mine);
    expect(await ids(cast.reviewer)).not.toContain(elsewhere);
    expect(await ids(await tokenOf('reviewerOther', cast))).toContain(elsewhere);
    expect(await ids(await tokenOf('reviewerOther', cast))).not.toContain(mine);
    // asking for another carrier's applications by filter yields nothing, not an error
    expect(await ids(cast.reviewer, `?carrierId=${OTHER_CARRIER}`)).toEqual([]);
  });
});
