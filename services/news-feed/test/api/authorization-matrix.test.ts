import { signDevToken } from '@shuangchuang/service-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  idempotencyKey,
  startNewsFeedHarness,
  type NewsFeedHarness,
} from '../support/news-feed-harness.js';

// Every endpoint against every kind of caller, each on an article in the state the call needs,
// so a 200 proves the role may and a 403 proves it may not.
const CALLERS = [
  'anonymous',
  'forged',
  'founder',
  'registryAdmin',
  'editor',
  'chiefEditor',
] as const;
type Caller = (typeof CALLERS)[number];
type State = 'none' | 'draft' | 'in_review' | 'published';

let h: NewsFeedHarness;
const tokens = {} as Record<Caller, string | undefined>;

const input = { kind: 'news', title: '启迪之星（德州）获批示范平台', bodyHtml: '<p>正文</p>' };

beforeAll(async () => {
  h = await startNewsFeedHarness();
  tokens.anonymous = undefined;
  // right claims, wrong key
  tokens.forged = await signDevToken({
    secret: 'not-the-secret-of-this-service-32-bytes',
    sub: 'mallory',
    roles: ['chief-editor'],
  });
  tokens.founder = await h.token('wxu_founder', ['founder']);
  tokens.registryAdmin = await h.token('admin-1', ['registry-admin']);
  tokens.editor = await h.token('editor-1', ['editor']);
  tokens.chiefEditor = await h.token('chief-1', ['chief-editor']);
});
afterAll(async () => h?.stop());

async function articleIn(state: State): Promise<string> {
  if (state === 'none') return 'no-such-article';
  const chief = tokens.chiefEditor;
  const created = await h.call('POST', '/editorial/articles', {
    token: chief,
    body: input,
    headers: idempotencyKey(),
  });
  const id = created.body.id as string;
  if (state === 'draft') return id;
  await h.call('POST', `/editorial/articles/${id}/submit`, { token: chief });
  if (state === 'in_review') return id;
  await h.call('POST', `/editorial/articles/${id}/approve`, { token: chief, body: {} });
  return id;
}

interface Endpoint {
  name: string;
  state: State;
  request(id: string): {
    method: string;
    path: string;
    body?: unknown;
    headers?: Record<string, string>;
  };
  expected: Record<Caller, number>;
}

const publicEndpoint = {
  anonymous: 200,
  forged: 200,
  founder: 200,
  registryAdmin: 200,
  editor: 200,
  chiefEditor: 200,
};
const staff = (ok: number) => ({
  anonymous: 401,
  forged: 401,
  founder: 403,
  registryAdmin: 403,
  editor: ok,
  chiefEditor: ok,
});
const chiefOnly = (ok: number) => ({ ...staff(ok), editor: 403 });

const ENDPOINTS: Endpoint[] = [
  {
    name: 'listArticles',
    state: 'none',
    request: () => ({ method: 'GET', path: '/articles' }),
    expected: publicEndpoint,
  },
  {
    name: 'getArticle',
    state: 'published',
    request: (id) => ({ method: 'GET', path: `/articles/${id}` }),
    expected: publicEndpoint,
  },
  {
    name: 'listEditorialArticles',
    state: 'none',
    request: () => ({ method: 'GET', path: '/editorial/articles' }),
    expected: staff(200),
  },
  {
    name: 'createDraft',
    state: 'none',
    request: () => ({
      method: 'POST',
      path: '/editorial/articles',
      body: input,
      headers: idempotencyKey(),
    }),
    expected: staff(201),
  },
  {
    name: 'getEditorialArticle',
    state: 'draft',
    request: (id) => ({ method: 'GET', path: `/editorial/articles/${id}` }),
    expected: staff(200),
  },
  {
    name: 'editArticle',
    state: 'draft',
    request: (id) => ({
      method: 'PUT',
      path: `/editorial/articles/${id}`,
      body: input,
      headers: { 'if-match': '"1"' },
    }),
    expected: staff(200),
  },
  {
    name: 'submitArticleForReview',
    state: 'draft',
    request: (id) => ({ method: 'POST', path: `/editorial/articles/${id}/submit` }),
    expected: staff(200),
  },
  {
    name: 'approveArticle',
    state: 'in_review',
    request: (id) => ({ method: 'POST', path: `/editorial/articles/${id}/approve`, body: {} }),
    expected: chiefOnly(200),
  },
  {
    name: 'requestArticleChanges',
    state: 'in_review',
    request: (id) => ({
      method: 'POST',
      path: `/editorial/articles/${id}/request-changes`,
      body: { comment: '请修改' },
    }),
    expected: chiefOnly(200),
  },
  {
    name: 'retractArticle',
    state: 'published',
    request: (id) => ({
      method: 'POST',
      path: `/editorial/articles/${id}/retract`,
      body: { reason: '撤回' },
    }),
    expected: chiefOnly(200),
  },
  {
    name: 'importDocument',
    state: 'none',
    request: () => ({
      method: 'POST',
      path: '/editorial/imports',
      body: { format: 'text', content: '标题\n来源:测试 2021-10-19 10:21\n正文' },
      headers: idempotencyKey(),
    }),
    expected: staff(201),
  },
];

describe('authorization matrix', () => {
  it('covers every operation of the contract', async () => {
    const { readFileSync } = await import('node:fs');
    const { openapiSourcePath } = await import('@shuangchuang/contracts/documents');
    const operations = [
      ...readFileSync(openapiSourcePath('news-feed'), 'utf8').matchAll(/operationId: (\w+)/g),
    ].map((m) => m[1]);
    expect(ENDPOINTS.map((e) => e.name).sort()).toEqual(operations.sort());
  });

  for (const endpoint of ENDPOINTS) {
    it(`${endpoint.name}: ${CALLERS.map((c) => `${c} ${endpoint.expected[c]}`).join(', ')}`, async () => {
      const got = {} as Record<Caller, number>;
      for (const caller of CALLERS) {
        const id = await articleIn(endpoint.state);
        const { method, path, body, headers } = endpoint.request(id);
        const response = await h.call(method, path, { token: tokens[caller], body, headers });
        got[caller] = response.status;
        if (response.status >= 400)
          expect(response.headers.get('content-type')).toContain('application/problem+json');
      }
      expect(got).toEqual(endpoint.expected);
    }, 120_000);
  }
});
