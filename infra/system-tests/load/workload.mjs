// What the soak asks of the system: data prepared through the public API as staff and founders
// would, then one request per arrival drawn from a fixed mix of searches, feed reads, founders'
// applications, reviews and inbox reads. Every answer is checked.
import { randomUUID } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import {
  createIntakeClient,
  createNewsFeedClient,
  createNotificationClient,
  createRegistryClient,
} from '@shuangchuang/contracts';
import { signDevToken } from '@shuangchuang/service-kit';

/** Share of arrivals per kind (sums to 100). A founder step is login, create or submit in turn. */
export const MIX = {
  search: 30,
  feed: 12,
  article: 10,
  founder: 18,
  review: 8,
  'review-queue': 4,
  inbox: 9,
  unread: 9,
};

const SEARCHES = [
  { label: '启迪之星', query: { q: '启迪之星' } },
  { label: '啟迪之星 (traditional)', query: { q: '啟迪之星' } },
  { label: 'qidi', query: { q: 'qidi' } },
  { label: 'qdzx (initials)', query: { q: 'qdzx' } },
  { label: 'dezhou + 山东省', query: { q: 'dezhou', province: '山东省' } },
  { label: '德州 accepting', query: { q: '德州', accepting: true } },
  { label: '众创空间 maker spaces', query: { q: '众创空间', kind: ['maker_space'] } },
  { label: '创客 + 甘肃省', query: { q: '创客', province: '甘肃省' } },
  { label: 'chuangke', query: { q: 'chuangke' } },
  {
    label: '孵化器 incubators',
    query: { q: '孵化器', kind: ['incubator'], level: ['provincial'] },
  },
  { label: 'honor 国家专业化众创空间', query: { honor: '国家专业化众创空间', limit: 50 } },
  { label: 'industry 智能制造', query: { industry: '智能制造' } },
  { label: '淄博市 newest', query: { city: '淄博市', sort: 'newest' } },
  { label: 'near 德州 by distance', query: { near: '116.3594,37.4355', sort: 'distance' } },
  { label: 'specialized maker spaces', query: { kind: ['specialized_maker_space'], limit: 10 } },
];

const INDUSTRIES = [
  '智能制造',
  '电子信息',
  '新能源',
  '生物技术',
  '新材料',
  '农产品电商',
  '数字文创',
];
const PROJECTS = [
  ['工业视觉质检平台', '面向中小制造企业的低成本机器视觉缺陷检测系统，已在本地两家企业试用。'],
  ['县域农产品直播供应链', '整合沂源苹果等特色农产品的分拣、冷链与直播带货，服务本地合作社。'],
  ['光伏运维无人机', '用无人机巡检分布式光伏电站，自动识别热斑与遮挡，降低运维成本。'],
  ['智慧养殖物联网', '为规模化养殖场提供环境监测与精准饲喂，已完成样机验证。'],
  ['新型保温建材', '以工业固废为原料的轻质保温板材，获实用新型专利两项。'],
  ['非遗文创数字化', '把陇东剪纸等非遗图样做成数字藏品与文创产品，线上线下同步销售。'],
];
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '强', '磊', '洋', '艳', '军', '杰', '涛'];
const CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CODE_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const DIVISIONS = { 德州市: '371400', 淄博市: '370300', 兰州市: '620100' };

const pick = (items) => items[Math.floor(Math.random() * items.length)];

/** Signed with JWT_PRIVATE_KEY_FILE, or the development key pair in .data/jwt-keys (npm start's). */
export function staffToken(claims) {
  return signDevToken(claims);
}

/**
 * One checked request. `expect` lists the statuses that are right; `check(result)` returns what is
 * wrong with a right-status answer, if anything. Returns the result when everything was right.
 */
async function call(recorder, op, label, expect, request, check = () => undefined) {
  const started = performance.now();
  let result;
  try {
    result = await request();
  } catch (error) {
    const cause = error.cause?.code ?? error.cause?.message ?? error.message;
    recorder.failure(op, performance.now() - started, 'network', `${label}: ${cause}`);
    return undefined;
  }
  const ms = performance.now() - started;
  const { status, headers } = result.response;
  const requestId = headers.get('x-request-id');
  const describe = (what) =>
    `${label} → ${status} (request id ${requestId ?? '-'}): ${what ?? JSON.stringify(result.error ?? result.data).slice(0, 400)}`;
  if (status >= 500) {
    recorder.failure(op, ms, '5xx', describe());
    return undefined;
  }
  if (!expect.includes(status)) {
    recorder.failure(op, ms, `unexpected ${status}`, describe());
    return undefined;
  }
  const wrong = check(result);
  if (wrong) {
    recorder.failure(op, ms, 'wrong answer', describe(wrong));
    return undefined;
  }
  recorder.success(op, ms);
  return result;
}

async function eventually(probe, what, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (error) {
      last = error.message;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`${what} did not happen within ${timeoutMs / 1000} s${last ? `: ${last}` : ''}`);
}

const ARTICLES = [
  {
    kind: 'news',
    title: '启迪之星（德州）举办智能制造专场路演',
    summary: '八个智能制造项目在启迪之星（德州）完成路演，三家投资机构到场。',
    bodyHtml:
      '<p>本周，启迪之星（德州）举办智能制造专场路演，八个项目依次登台。</p><p>德州市高新技术创业服务中心表示，将为入选项目提供场地与融资对接服务。</p>',
    region: '山东省德州市',
    tags: ['路演', '智能制造'],
  },
  {
    kind: 'notice',
    title: '德州中元科技创新创业园2026年下半年入孵申报通知',
    summary: '德州中元科技创新创业园开放下半年入孵申报，重点支持新材料与高端装备项目。',
    bodyHtml:
      '<p>德州中元科技创新创业园现面向社会公开征集入孵企业与创业团队。</p><p>申报截止日期为12月31日，请通过小程序在线提交申请。</p>',
    region: '山东省德州市',
    tags: ['入孵申报'],
  },
  {
    kind: 'event',
    title: '极有鲜众创空间农产品电商训练营开营',
    summary: '沂源县极有鲜众创空间与江北特色农产品电商双创基地联合开办电商训练营。',
    bodyHtml:
      '<p>极有鲜众创空间联合江北特色农产品电商双创基地开办第三期农产品电商训练营，学员来自全县十二个镇。</p>',
    region: '山东省淄博市',
    tags: ['培训', '电商'],
  },
  {
    kind: 'news',
    title: '甘肃省高科技创业服务中心新增十家在孵企业',
    summary: '甘肃省高科技创业服务中心与西部创客、丝路新世纪创客家园共同举办入孵签约仪式。',
    bodyHtml:
      '<p>甘肃省高科技创业服务中心日前举行入孵签约仪式，十家科技型企业入驻。</p><p>西部创客、丝路新世纪创客家园同步发布了创业导师名单。</p>',
    region: '甘肃省兰州市',
    tags: ['入孵', '双创'],
  },
];

/** Seeds the newsroom imports like any document of its sources (format and kind). */
const SEED_IMPORTS = [
  ['000_', 'markdown', 'news'],
  ['003_', 'text', 'policy'],
  ['004_', 'text', 'news'],
];

/**
 * Waits until the system is usable and prepares what the load reads: carriers found by search and
 * known to application-intake, staff tokens, published articles linked to carriers.
 * `log(line)` reports progress.
 */
export async function prepare(gatewayUrl, log) {
  const registry = createRegistryClient({ baseUrl: gatewayUrl });
  await eventually(async () => {
    const { data } = await registry.GET('/carriers', { params: { query: { q: '启迪之星' } } });
    return data?.items?.some((c) => c.name === '启迪之星（德州）');
  }, 'the registry finding its seeded 启迪之星（德州）');
  // The first-start seed imports the MOST notice after the named carriers.
  await eventually(async () => {
    const { data } = await registry.GET('/carriers', {
      params: { query: { kind: ['specialized_maker_space'], limit: 1 } },
    });
    return data?.items?.length > 0;
  }, 'the registry holding the specialized maker spaces of its seed');
  const accepting = [];
  let cursor;
  do {
    const { data } = await registry.GET('/carriers', {
      params: { query: { accepting: true, limit: 100, ...(cursor ? { cursor } : {}) } },
    });
    accepting.push(...data.items);
    cursor = data.nextCursor;
  } while (cursor);
  log(`registry: ${accepting.length} carriers accept applications`);

  const reviewerToken = await staffToken({
    sub: 'soak-reviewer',
    roles: ['reviewer'],
    carrierIds: accepting.map((c) => c.id),
    name: '压测审核员',
  });
  const reviewer = createIntakeClient({ baseUrl: gatewayUrl, token: reviewerToken });
  // application-intake learns carriers from registry events; apply only where it knows them.
  const carriers = [];
  await eventually(async () => {
    for (const carrier of accepting) {
      if (carriers.includes(carrier)) continue;
      const { response } = await reviewer.GET('/carriers/{carrierId}/intake-policy', {
        params: { path: { carrierId: carrier.id } },
      });
      if (response.status === 200) carriers.push(carrier);
    }
    return carriers.length === accepting.length;
  }, 'application-intake knowing every accepting carrier');

  const articleIds = await publishArticles(gatewayUrl, log);

  // Which searches find something now: finding nothing later is a wrong answer.
  const searches = [];
  for (const search of SEARCHES) {
    const { data, response } = await registry.GET('/carriers', {
      params: { query: search.query },
    });
    if (response.status !== 200) {
      throw new Error(`search ${search.label}: ${response.status} ${JSON.stringify(data)}`);
    }
    searches.push({ ...search, finds: data.items.length > 0 });
  }
  const empty = searches.filter((s) => !s.finds).map((s) => s.label);
  log(
    `searches: ${searches.length - empty.length} of ${searches.length} find carriers${empty.length ? ` (none for ${empty.join(', ')})` : ''}`,
  );
  return { carriers, reviewerToken, articleIds, searches };
}

async function publishArticles(gatewayUrl, log) {
  const editor = createNewsFeedClient({
    baseUrl: gatewayUrl,
    token: await staffToken({ sub: 'soak-editor', roles: ['editor'], name: '压测编辑' }),
  });
  const chief = createNewsFeedClient({
    baseUrl: gatewayUrl,
    token: await staffToken({ sub: 'soak-chief', roles: ['chief-editor'], name: '压测主编' }),
  });
  const drafts = [];
  for (const input of ARTICLES) {
    const key = randomUUID();
    const { data, response, error } = await editor.POST('/editorial/articles', {
      params: { header: { 'Idempotency-Key': key } },
      body: input,
    });
    if (response.status !== 201)
      throw new Error(`draft: ${response.status} ${JSON.stringify(error)}`);
    drafts.push({ article: data, etag: response.headers.get('etag'), input });
  }
  const seeds = new URL('../../../../shared/seeds/', import.meta.url);
  let seedNames = [];
  try {
    seedNames = readdirSync(seeds);
  } catch {
    log('no ../shared/seeds beside the checkout: the seed documents are not imported');
  }
  for (const [prefix, format, kind] of SEED_IMPORTS) {
    const file = seedNames.find((name) => name.startsWith(prefix));
    if (!file) continue;
    const { data, response, error } = await editor.POST('/editorial/imports', {
      params: { header: { 'Idempotency-Key': randomUUID() } },
      body: { format, kind, content: readFileSync(new URL(file, seeds), 'utf8') },
    });
    if (response.status !== 201) {
      throw new Error(`import ${file}: ${response.status} ${JSON.stringify(error)}`);
    }
    drafts.push({ article: data });
  }

  // Mentions are linked against news-feed's read model of carriers, fed by registry events; an
  // edit relinks, so edit the first draft until it names both carriers it mentions.
  const probe = drafts[0];
  await eventually(async () => {
    const { data, response, error } = await editor.PUT('/editorial/articles/{articleId}', {
      params: { path: { articleId: probe.article.id }, header: { 'If-Match': probe.etag } },
      body: probe.input,
    });
    if (response.status !== 200) throw new Error(`${response.status} ${JSON.stringify(error)}`);
    probe.etag = response.headers.get('etag');
    return data.mentionedCarriers.length >= 2;
  }, 'news-feed linking 启迪之星（德州） in a draft');

  const published = [];
  for (const { article } of drafts) {
    const articleId = article.id;
    const submitted = await editor.POST('/editorial/articles/{articleId}/submit', {
      params: { path: { articleId } },
    });
    if (submitted.response.status !== 200) {
      throw new Error(`submit article: ${JSON.stringify(submitted.error)}`);
    }
    // the soak's seeds may repeat what the stack already holds (probable-duplicate warnings)
    const approved = await chief.POST('/editorial/articles/{articleId}/approve', {
      params: { path: { articleId } },
      body: { acknowledgeWarnings: true },
    });
    if (approved.response.status !== 200 || approved.data.status !== 'published') {
      throw new Error(`approve article: ${JSON.stringify(approved.error ?? approved.data)}`);
    }
    published.push(approved.data);
  }
  const linked = published.filter((a) => a.mentionedCarriers.length).length;
  log(`news-feed: ${published.length} articles published, ${linked} linked to carriers`);
  return published.map((a) => ({
    id: a.id,
    carrierIds: a.mentionedCarriers.map((c) => c.id),
  }));
}

function creditCode(city) {
  const body = `91${DIVISIONS[city] ?? '110108'}MA${Array.from({ length: 7 }, () => pick(CODE_ALPHABET)).join('')}`;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CODE_ALPHABET.indexOf(body[i]) * CODE_WEIGHTS[i];
  return body + CODE_ALPHABET[(31 - (sum % 31)) % 31];
}

/** A founder's application as the mini-program sends it, built once so a retry sends the same. */
function applicationInput(carrier, n) {
  const name = pick(SURNAMES) + pick(GIVEN) + pick(GIVEN);
  const [projectName, summary] = pick(PROJECTS);
  const withCompany = n % 3 !== 0;
  return {
    carrierId: carrier.id,
    applicant: {
      name,
      mobile: `13${String(900000000 + n).slice(-9)}`,
      email: `founder${n}@example.com`,
    },
    company: withCompany
      ? {
          name: `${carrier.location?.city?.replace('市', '') ?? '兰州'}${projectName.slice(0, 4)}科技有限公司`,
          creditCode: creditCode(carrier.location?.city),
          foundedOn: `2025-0${1 + (n % 9)}-1${n % 10}`,
        }
      : null,
    team: [
      { name, role: '创始人、CEO' },
      { name: pick(SURNAMES) + pick(GIVEN), role: '技术负责人' },
    ],
    project: {
      name: projectName,
      summary,
      industry: pick(INDUSTRIES),
      stage: pick(['idea', 'prototype']),
      fundingToDateYuan: (n % 5) * 100000,
    },
    needs: {
      spaceSquareMeters: 20 + (n % 8) * 20,
      mentoring: true,
      financing: n % 2 === 0,
      training: n % 3 === 0,
      sharedInstruments: false,
      policyHelp: true,
    },
    attachments: [
      {
        name: '商业计划书.pdf',
        sizeBytes: 1_200_000 + n,
        contentType: 'application/pdf',
        url: `https://files.shuangchuang.dev/u/soak-${n}/bp.pdf`,
      },
    ],
    consent: { accepted: true, policyVersion: '2026-01', at: new Date().toISOString() },
  };
}

/**
 * The arrivals of the load: `next()` starts one request of the mix and resolves when its answer
 * is checked and recorded.
 */
export function createWorkload(gatewayUrl, prepared, recorder) {
  const runId = randomUUID().slice(0, 6);
  const registry = createRegistryClient({ baseUrl: gatewayUrl });
  const reader = createNewsFeedClient({ baseUrl: gatewayUrl });
  const anonymousIntake = createIntakeClient({ baseUrl: gatewayUrl });
  const reviewer = createIntakeClient({ baseUrl: gatewayUrl, token: prepared.reviewerToken });
  const kinds = Object.entries(MIX).flatMap(([kind, weight]) => Array(weight).fill(kind));
  const state = {
    founders: 0,
    founderStep: 0,
    loggedIn: [],
    drafted: [],
    submitted: [],
    underReview: [],
    // founders who can read their inbox: { token, notification }
    readers: [],
    feedCursors: [],
    counts: { founders: 0, drafts: 0, submitted: 0, underReview: 0, decided: 0 },
  };

  const ops = {
    async search() {
      const search = pick(prepared.searches);
      await call(
        recorder,
        'search',
        `GET /carriers ${search.label}`,
        [200],
        () => registry.GET('/carriers', { params: { query: search.query } }),
        ({ data }) => {
          if (!Array.isArray(data.items)) return 'no items';
          if (search.finds && !data.items.length) return 'found nothing, it did before the load';
          return undefined;
        },
      );
    },

    async feed() {
      const article = pick(prepared.articleIds);
      const choices = [
        { limit: 10 },
        { kind: 'news' },
        { kind: 'policy' },
        { region: '山东省' },
        { q: '众创空间' },
        ...(article.carrierIds.length ? [{ carrierId: pick(article.carrierIds) }] : []),
      ];
      const cursor = Math.random() < 0.25 ? pick(state.feedCursors) : undefined;
      const query = cursor ? { limit: 3, cursor } : pick(choices);
      const result = await call(
        recorder,
        'feed',
        `GET /articles ${JSON.stringify(query)}`,
        [200],
        () => reader.GET('/articles', { params: { query } }),
        ({ data }) => (Array.isArray(data.items) ? undefined : 'no items'),
      );
      if (result?.data.nextCursor && state.feedCursors.length < 20) {
        state.feedCursors.push(result.data.nextCursor);
      }
    },

    async article() {
      const { id } = pick(prepared.articleIds);
      await call(
        recorder,
        'article',
        `GET /articles/${id}`,
        [200],
        () => reader.GET('/articles/{articleId}', { params: { path: { articleId: id } } }),
        ({ data }) => {
          if (data.id !== id) return `answered article ${data.id}`;
          if (!data.bodyHtml) return `no body: ${JSON.stringify(data).slice(0, 300)}`;
          return undefined;
        },
      );
    },

    // login → create → submit, in turn; a step with nobody ready for it logs a new founder in.
    async founder() {
      const step = state.founderStep++ % 3;
      if (step === 2 && state.drafted.length) return submit(state.drafted.shift());
      if (step >= 1 && state.loggedIn.length) return create(state.loggedIn.shift());
      return login();
    },

    async review() {
      if (state.underReview.length) {
        const application = state.underReview.shift();
        const to = Math.random() < 0.7 ? 'accepted' : 'rejected';
        const comment =
          to === 'accepted'
            ? '项目方向与孵化器重点领域契合，同意入孵。'
            : '项目与本载体重点领域不符，建议申请其他载体。';
        const result = await transition(application, to, comment);
        if (result) state.counts.decided += 1;
        return;
      }
      if (state.submitted.length) {
        const application = state.submitted.shift();
        const result = await transition(application, 'under_review', '已受理，进入评审。');
        if (result) {
          state.underReview.push(application);
          state.counts.underReview += 1;
        }
        return;
      }
      return ops['review-queue']();
    },

    async 'review-queue'() {
      const carrier = pick(prepared.carriers);
      await call(
        recorder,
        'review-queue',
        `GET /applications?carrierId=${carrier.id}&status=submitted`,
        [200],
        () =>
          reviewer.GET('/applications', {
            params: { query: { carrierId: carrier.id, status: 'submitted', limit: 20 } },
          }),
        ({ data }) => (Array.isArray(data.items) ? undefined : 'no items'),
      );
    },

    async inbox() {
      if (!state.readers.length) return login();
      const founder = pick(state.readers);
      await call(
        recorder,
        'inbox',
        `GET /inbox (${founder.name})`,
        [200],
        () => founder.notification.GET('/inbox', { params: { query: { limit: 20 } } }),
        ({ data }) =>
          Array.isArray(data.items) && Number.isInteger(data.unreadCount) ? undefined : 'shape',
      );
    },

    async unread() {
      if (!state.readers.length) return login();
      const founder = pick(state.readers);
      await call(
        recorder,
        'unread',
        `GET /inbox/unread-count (${founder.name})`,
        [200],
        () => founder.notification.GET('/inbox/unread-count'),
        ({ data }) => (Number.isInteger(data.unreadCount) ? undefined : 'no unreadCount'),
      );
    },
  };

  async function login() {
    const n = ++state.founders;
    const name = `soak-${runId}-${n}`;
    const result = await call(
      recorder,
      'login',
      `POST /auth/login dev:${name}`,
      [200],
      () => anonymousIntake.POST('/auth/login', { body: { code: `dev:${name}` } }),
      ({ data }) => (data.token && data.user?.roles?.includes('founder') ? undefined : 'no token'),
    );
    if (!result) return;
    const founder = {
      n,
      name,
      intake: createIntakeClient({ baseUrl: gatewayUrl, token: result.data.token }),
      notification: createNotificationClient({ baseUrl: gatewayUrl, token: result.data.token }),
    };
    state.counts.founders += 1;
    state.loggedIn.push(founder);
    // The founders of the last while read their inbox; older ones have gone quiet.
    state.readers.push(founder);
    if (state.readers.length > 500) state.readers.shift();
  }

  async function create(founder) {
    // Body and key fixed per founder: what a client that retries would send again.
    founder.createKey ??= randomUUID();
    founder.input ??= applicationInput(pick(prepared.carriers), founder.n);
    const result = await call(
      recorder,
      'create',
      `POST /applications (${founder.name})`,
      [201],
      () =>
        founder.intake.POST('/applications', {
          params: { header: { 'Idempotency-Key': founder.createKey } },
          body: founder.input,
        }),
      ({ data }) => (data.status === 'draft' ? undefined : `status ${data.status}`),
    );
    if (!result) return;
    state.counts.drafts += 1;
    state.drafted.push({ founder, applicationId: result.data.id, submitKey: randomUUID() });
  }

  async function submit(application) {
    const { founder, applicationId, submitKey } = application;
    const result = await call(
      recorder,
      'submit',
      `POST /applications/${applicationId}/submit (${founder.name})`,
      [200],
      () =>
        founder.intake.POST('/applications/{applicationId}/submit', {
          params: { path: { applicationId }, header: { 'Idempotency-Key': submitKey } },
        }),
      ({ data }) => (data.status === 'submitted' ? undefined : `status ${data.status}`),
    );
    if (!result) return;
    state.counts.submitted += 1;
    state.submitted.push(application);
  }

  function transition({ applicationId }, to, comment) {
    return call(
      recorder,
      'review',
      `POST /applications/${applicationId}/transitions → ${to}`,
      [200],
      () =>
        reviewer.POST('/applications/{applicationId}/transitions', {
          params: { path: { applicationId } },
          body: { to, comment },
        }),
      ({ data }) => (data.status === to ? undefined : `status ${data.status}`),
    );
  }

  return {
    next: () => ops[pick(kinds)](),
    counts: () => ({ ...state.counts }),
  };
}
