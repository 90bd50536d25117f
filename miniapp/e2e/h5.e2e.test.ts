// End to end: the H5 build in Debian's Chromium (playwright-core) against the whole system
// (infra/local/stack.mjs: embedded broker and database, every service, the gateway) as a founder
// uses it at 390×844: the first screen, filters through the pickers, nearby with a granted and a
// refused location, the carrier page, back navigation, the pre-check refusing an old company,
// the form with a double tap on submit, the acceptance message, and the other pages. Each page
// is checked with axe-core (no serious or critical violation) and photographed into
// docs/screenshots/ (the README's gallery); at 320 and 430 px nothing may stick out.
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page, type Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createIntakeClient,
  createRegistryClient,
  type RegistryApi,
} from '@shuangchuang/contracts';
import { readPrivateKeyFile, signDevToken } from '@shuangchuang/service-kit';
import { stackInfrastructure } from '@shuangchuang/test-infrastructure';
// @ts-expect-error the local stack is plain JavaScript without types
import { startStack } from '../../infra/local/stack.mjs';
import { wgs84ToGcj02 } from '../src/features/location/coordinates';
import { overflowing, pick, seriousViolations } from './browser';
import { miniappDir, repoRoot, waitFor } from './support';

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const h5Dir = join(miniappDir, 'dist/h5');
const screenshots = join(miniappDir, 'docs/screenshots');
const required = ['registry', 'news-feed', 'application-intake', 'notification'];
type Carrier = RegistryApi.components['schemas']['Carrier'];

function whySkip(): string | null {
  if (!existsSync(chromiumPath))
    return `no Chromium at ${chromiumPath} (apt-get install -y chromium)`;
  if (!existsSync(join(h5Dir, 'index.html'))) return 'no H5 build (run: npx taro build --type h5)';
  for (const name of required) {
    if (!existsSync(join(repoRoot, 'services', name, 'dist/main.js')))
      return `${name} is not built (npm run build)`;
  }
  return null;
}

const skipReason = whySkip();
if (skipReason) console.log(`miniapp e2e skipped: ${skipReason}`);

/** 30 months before today, as a founding date. */
function monthsAgo(months: number): { year: string; month: string; day: string } {
  const date = new Date();
  date.setUTCDate(1);
  date.setUTCMonth(date.getUTCMonth() - months);
  return {
    year: `${date.getUTCFullYear()}年`,
    month: `${String(date.getUTCMonth() + 1).padStart(2, '0')}月`,
    day: '01日',
  };
}

describe.skipIf(skipReason !== null)('H5 mini-program end to end', () => {
  let stack: {
    gatewayUrl: string;
    tokenKeys: { privateKeyFile: string };
    stop(): Promise<void>;
  };
  // tokens signed with the stack's development key, as `npm run token` signs them
  const signingKey = () => readPrivateKeyFile(stack.tokenKeys.privateKeyFile, 'ES256');
  let infrastructure: Awaited<ReturnType<typeof stackInfrastructure>> | undefined;
  let baseUrl = '';
  let context: BrowserContext;
  let page: Page;
  let userDataDir = '';
  let qidi: Carrier;
  const pageErrors: string[] = [];
  const searches: URL[] = [];
  const violations: Record<string, unknown> = {};

  beforeAll(async () => {
    mkdirSync(screenshots, { recursive: true });
    // The same stack as `npm start`: embedded servers (or TEST_INFRASTRUCTURE's), every built
    // service, the gateway serving dist/h5.
    infrastructure = await stackInfrastructure();
    stack = await startStack({
      ephemeral: true,
      ...infrastructure.options,
      env: { NODE_ENV: 'development', LOG_LEVEL: 'warn' },
    });
    baseUrl = stack.gatewayUrl;
    userDataDir = await mkdtemp(join(tmpdir(), 'miniapp-e2e-chromium-'));
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: chromiumPath,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
      viewport: { width: 390, height: 844 },
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('request', (request: Request) => {
      const url = new URL(request.url());
      if (url.pathname === '/api/registry/carriers') searches.push(url);
    });
    // photos on a host that does not answer: the page must show its placeholder, not a broken image
    await context.route('https://img.example.cn/**', (route) => route.abort());

    // The registry seeds on first start; staff give 启迪之星 a phone and photos over REST.
    const registry = createRegistryClient({ baseUrl });
    const found = await waitFor('the seeded 启迪之星', async () => {
      const { data } = await registry.GET('/carriers', { params: { query: { q: 'qidi' } } });
      return data?.items.find((item) => item.name.includes('启迪之星'));
    });
    const admin = await signDevToken({
      privateJwk: signingKey(),
      sub: 'registry-admin-e2e',
      roles: ['registry-admin'],
      ttl: '1h',
    });
    const staff = createRegistryClient({ baseUrl, token: admin });
    const { data: current, response } = await staff.GET('/carriers/{carrierId}', {
      params: { path: { carrierId: found.id } },
    });
    const { id, version, honors, status, createdAt, updatedAt, pipeline, ...editable } = current!;
    void [id, version, honors, status, createdAt, updatedAt];
    const updated = await staff.PUT('/carriers/{carrierId}', {
      params: {
        path: { carrierId: found.id },
        header: { 'If-Match': response.headers.get('etag')! },
      },
      body: {
        ...editable,
        pipeline: { feedsInto: pipeline?.feedsInto ?? [] },
        intake: {
          ...editable.intake,
          requirements: '智能制造、电子信息、新能源方向的初创团队或成立两年内的企业',
          contact: { office: '启迪之星（德州）运营部', phone: '0534-2212345' },
        },
        images: [
          { url: 'https://img.example.cn/qidi/hall.jpg', caption: '孵化器共享办公区' },
          { url: 'https://img.example.cn/qidi/roadshow.jpg', caption: '项目路演厅' },
        ],
      },
    });
    expect(updated.response.status).toBe(200);
    qidi = updated.data!;
  });

  afterAll(async () => {
    await context?.close();
    if (userDataDir) await rm(userDataDir, { recursive: true, force: true });
    await stack?.stop();
    await infrastructure?.stop();
  });

  const open = async (path: string) => {
    await page.goto(`${baseUrl}/#${path}`);
  };
  /** Checks axe, then photographs the window (390×844) for the README's gallery. */
  const shoot = async (name: string) => {
    await page.waitForTimeout(400);
    const found = await seriousViolations(page);
    if (found.length) violations[name] = found;
    await page.screenshot({ path: join(screenshots, `${name}.png`) });
  };
  const lastSearch = () => searches[searches.length - 1]!;
  const cardNames = () => page.locator('.carrier-card .card-title').allTextContents();
  const waitForSearch = (predicate: (url: URL) => boolean, what: string) =>
    waitFor(what, async () => searches.some(predicate), 30_000, 200);

  it('first screen: accepting carriers first, a city and field entry', async () => {
    await open('/pages/discover/index');
    await page.locator('.carrier-card').first().waitFor({ timeout: 60_000 });
    await page.locator('.city-entries .chip').first().waitFor();
    const labels = await page
      .locator('.carrier-card')
      .evaluateAll((cards) => cards.map((card) => card.getAttribute('data-summary') ?? ''));
    const firstClosed = labels.findIndex((label) => label.includes('暂停受理'));
    expect(firstClosed).toBeGreaterThan(0);
    expect(labels.slice(0, firstClosed).every((label) => label.includes('接受申请'))).toBe(true);
    await expect(page.locator('.result-count').textContent()).resolves.toContain(
      '接受申请的排在前面',
    );
    await shoot('discover');
  });

  it('filters through the pickers change the request and the results, and live in the URL', async () => {
    await page.locator('.toggle-filters').click();
    await page.locator('.filter-province').waitFor();
    await shoot('discover-filters');

    await pick(page, page.locator('.filter-province'), ['山东省']);
    await waitForSearch((u) => u.searchParams.get('province') === '山东省', 'province=山东省');
    await page.waitForFunction(() => {
      const places = Array.from(document.querySelectorAll('.carrier-card .card-place'));
      return places.length > 0 && places.every((e) => (e.textContent ?? '').startsWith('山东省'));
    });
    await pick(page, page.locator('.filter-city'), ['淄博市']);
    await waitForSearch((u) => u.searchParams.get('city') === '淄博市', 'city=淄博市');
    await expect
      .poll(cardNames, { timeout: 20_000 })
      .toEqual(expect.arrayContaining(['极有鲜众创空间', '江北特色农产品电商双创基地']));
    expect((await cardNames()).length).toBe(3);

    await pick(page, page.locator('.filter-kind'), ['众创空间']);
    await waitForSearch((u) => u.searchParams.get('kind') === 'maker_space', 'kind=maker_space');
    await expect.poll(cardNames, { timeout: 20_000 }).toHaveLength(2);
    expect(lastSearch().searchParams.get('province')).toBe('山东省');
    expect(page.url()).toContain(encodeURIComponent('淄博市'));
    await shoot('discover-filtered');

    // a reload (or a shared link) keeps the filters
    await page.reload();
    await expect.poll(cardNames, { timeout: 30_000 }).toHaveLength(2);
    const afterReload = lastSearch();
    expect(afterReload.searchParams.get('city')).toBe('淄博市');
    expect(afterReload.searchParams.get('kind')).toBe('maker_space');

    // clear-all clears
    await page.locator('.toolbar .clear-all').click();
    await waitForSearch(
      (u) => !u.searchParams.has('province') && !u.searchParams.has('city') && u === lastSearch(),
      'a search without filters',
    );
    await expect.poll(() => page.url()).not.toContain('city=');
    await expect.poll(async () => (await cardNames()).length).toBe(20);
  });

  it('no result: suggests the pinyin and initials, and the nearest cities with carriers', async () => {
    await page.locator('.search-input input').fill('启迪之心');
    await page.locator('.no-result').waitFor({ timeout: 20_000 });
    await expect(page.locator('.spelling-suggestions .chip').allTextContents()).resolves.toEqual([
      'qidizhixin',
      'qdzx',
      '启迪',
    ]);
    await shoot('discover-no-result');
    await page.locator('.spelling-suggestions .chip', { hasText: 'qdzx' }).click();
    await page.locator('.carrier-card', { hasText: '启迪之星' }).first().waitFor();

    await open('/pages/discover/index?province=山东省&city=聊城市');
    await page.reload();
    await page.locator('.nearby-cities .chip').first().waitFor({ timeout: 20_000 });
    const nearby = await page.locator('.nearby-cities .chip').allTextContents();
    expect(nearby[0]).toMatch(/^(济南市|德州市)/);
    await page.locator('.nearby-cities .chip').first().click();
    await page.locator('.carrier-card').first().waitFor();
    await page.locator('.toolbar .clear-all').click();
  });

  it('nearby with a granted location: the browser’s WGS-84 position is sent as GCJ-02', async () => {
    const wgs = { lng: 118.1654, lat: 36.1872 }; // 沂源县, from the browser (GPS)
    await context.grantPermissions(['geolocation'], { origin: baseUrl });
    await context.setGeolocation({ longitude: wgs.lng, latitude: wgs.lat });
    await page.locator('.nearby').click();
    await waitForSearch((u) => u.searchParams.get('sort') === 'distance', 'sort=distance');
    const gcj = wgs84ToGcj02(wgs);
    expect(lastSearch().searchParams.get('near')).toBe(
      `${gcj.lng.toFixed(4)},${gcj.lat.toFixed(4)}`,
    );
    await page.waitForFunction(
      () => (document.querySelector('.carrier-card .card-title')?.textContent ?? '').length > 0,
    );
    const first = await page.locator('.carrier-card').first().getAttribute('data-summary');
    expect(first).toMatch(/极有鲜|江北特色|鲁中高科/);
    expect(first).toMatch(/距离(约\d+公里|1公里内)/);
    await shoot('discover-nearby');
    await page.locator('.nearby').click(); // off again
  });

  it('nearby with a refused location: says so and offers the city picker', async () => {
    await context.clearPermissions();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Browser.setPermission', {
      permission: { name: 'geolocation' },
      setting: 'denied',
      origin: baseUrl,
    });
    const before = searches.length;
    await page.locator('.nearby').click();
    await page.locator('.location-note').waitFor();
    await expect(page.locator('.location-note').textContent()).resolves.toContain(
      '您未允许获取位置',
    );
    expect(searches.slice(before).some((u) => u.searchParams.has('near'))).toBe(false);
    await page.locator('.city-picker').waitFor();
    await pick(page, page.locator('.pick-province'), ['甘肃省']);
    await page.locator('.city-choices .chip', { hasText: '兰州市' }).click();
    await waitForSearch(
      (u) => u.searchParams.get('sort') === 'distance' && u === lastSearch(),
      'distance from 兰州',
    );
    expect(lastSearch().searchParams.get('near')).toMatch(/^103\.\d+,36\.\d+$/);
    await expect(page.locator('.nearby').textContent()).resolves.toContain('兰州市');
    const first = await page.locator('.carrier-card').first().getAttribute('data-summary');
    expect(first).toMatch(/能源装备|甘肃省高科技|银科思远|丝路|西部创客/);
    await shoot('discover-city-picker');
    await page.locator('.toolbar .clear-all').click();
  });

  it('carrier page: contact, map, photos (placeholders when they fail), rules; back returns', async () => {
    await page.locator('.search-input input').fill('qidi');
    // the answer to "qidi", not a card of the list shown before it
    await expect.poll(cardNames, { timeout: 20_000 }).toEqual(['启迪之星（德州）']);
    await page.locator('.carrier-card').first().click();
    await page.locator('.carrier .page-title').waitFor({ timeout: 30_000 });
    await expect(page.locator('.contact').textContent()).resolves.toContain('0534-2212345');
    await expect(page.locator('.contact .call').getAttribute('aria-label')).resolves.toContain(
      '拨打',
    );
    await page.locator('.contact .open-map').waitFor();
    await expect(page.locator('.rules').textContent()).resolves.toContain('不超过24个月');
    await expect(page.locator('.rules').textContent()).resolves.toContain('国科发区〔2018〕300号');
    // the photo hosts do not answer: styled placeholders with the carrier's name. Photos load
    // lazily, so one further along the strip is only requested once scrolled into view.
    await expect
      .poll(
        async () => {
          const pending = page.locator('.photos .photo');
          if (await pending.count()) await pending.last().scrollIntoViewIfNeeded();
          return page.locator('.photo-placeholder').count();
        },
        { timeout: 20_000 },
      )
      .toBe(2);
    await page.locator('.photos').evaluate((strip) => strip.scrollTo({ left: 0 }));
    await shoot('carrier');

    // H5 back navigation: to the search as it was
    await page.locator('.nav-back:visible').click();
    await page.locator('.search-input input').waitFor();
    await expect(page.locator('.search-input input').inputValue()).resolves.toBe('qidi');
    // opened from a shared link (a new tab starting on this page), back goes to 发现
    const shared = await context.newPage();
    try {
      await shared.goto(`${baseUrl}/#/pages/carrier/index?id=${qidi.id}`);
      await shared.locator('.carrier .page-title').waitFor({ timeout: 30_000 });
      await shared.locator('.nav-back:visible').click();
      await shared.waitForURL(/pages\/discover\/index/);
      await shared.locator('.carrier-card').first().waitFor({ timeout: 30_000 });
    } finally {
      await shared.close();
    }
  });

  it('apply: rules and login first; the pre-check refuses a company founded 30 months ago', async () => {
    await open(`/pages/apply/index?carrierId=${qidi.id}`);
    await page.locator('.login-banner').waitFor({ timeout: 30_000 });
    await expect
      .poll(() => page.locator('.apply .rules').textContent(), { timeout: 30_000 })
      .toContain('不超过24个月');
    await expect(page.locator('.next').isDisabled()).resolves.toBe(true);
    await page.locator('.login-banner .login').click();
    await page.locator('.login-banner').waitFor({ state: 'detached', timeout: 30_000 });

    await page.locator('.registered .chip', { hasText: '已注册企业' }).click();
    const old = monthsAgo(30);
    await pick(page, page.locator('.founded-on'), [old.year, old.month, old.day]);
    await page.locator('.industries .chip', { hasText: '智能制造' }).click();
    await page.locator('.precheck-refused').waitFor({ timeout: 30_000 });
    await expect(page.locator('.precheck-refused').textContent()).resolves.toMatch(
      /企业成立已(29|30)个月，超过本载体要求的24个月/,
    );
    await expect(page.locator('.next').isDisabled()).resolves.toBe(true);
    await page.locator('.precheck-refused').scrollIntoViewIfNeeded();
    await shoot('apply-precheck-refused');

    const young = monthsAgo(14);
    await pick(page, page.locator('.founded-on'), [young.year, young.month, young.day]);
    await page.locator('.precheck-ok').waitFor({ timeout: 30_000 });
    await expect(page.locator('.next').isDisabled()).resolves.toBe(false);
  });

  it('apply: required fields, numbers never changed, a draft kept, a double tap makes one application', async () => {
    await page.locator('.next').click();
    await page.locator('.input-applicantName input').fill('李明');
    await page.locator('.input-mobile input').fill('13912345678');
    await page.locator('.input-email input').fill('liming@example.com');
    expect(await page.locator('.input-applicantName input').getAttribute('aria-required')).toBe(
      'true',
    );
    await page.locator('.next').click();
    await page.locator('.input-companyName input').fill('德州智视科技有限公司');
    await page.locator('.input-projectName input').fill('工业视觉质检平台');
    await page
      .locator('.input-projectSummary textarea')
      .fill('面向中小制造企业的低成本机器视觉缺陷检测系统。');
    await page.locator('.stages .chip', { hasText: '原型/样品' }).click();
    await shoot('apply-form');
    await page.locator('.next').click();

    // "-5" is refused as written, not turned into 5
    await page.locator('.input-spaceSquareMeters input').fill('-5');
    await page.locator('.next').click();
    await expect(page.locator('.field-error').first().textContent()).resolves.toContain('不带负号');
    await expect(page.locator('.input-spaceSquareMeters input').inputValue()).resolves.toBe('-5');
    await page.locator('.input-spaceSquareMeters input').fill('120');

    // the draft survives a restart of the app
    await page.reload();
    await page.locator('.input-spaceSquareMeters input').waitFor({ timeout: 30_000 });
    await expect(page.locator('.input-spaceSquareMeters input').inputValue()).resolves.toBe('120');
    await page.locator('.next').click();
    await page.locator('.consent').click();

    // application-intake learns carriers from registry events: another founder's submission
    // shows when it takes applications to this carrier
    const founder = await signDevToken({
      privateJwk: signingKey(),
      sub: 'founder-probe',
      roles: ['founder'],
      ttl: '1h',
    });
    const probe = createIntakeClient({ baseUrl, token: founder });
    const key = randomUUID();
    await waitFor(
      'application-intake to know 启迪之星',
      async () => {
        const created = await probe.POST('/applications', {
          params: { header: { 'Idempotency-Key': key } },
          body: {
            carrierId: qidi.id,
            applicant: { name: '王芳', mobile: '13800000001', email: 'wangfang@example.com' },
            project: {
              name: '探针项目',
              summary: '确认申请服务已同步载体。',
              industry: '电子信息',
              stage: 'idea',
            },
            consent: { accepted: true, policyVersion: '2026-01', at: new Date().toISOString() },
          },
        });
        if (!created.data) return false;
        const submitted = await probe.POST('/applications/{applicationId}/submit', {
          params: {
            path: { applicationId: created.data.id },
            header: { 'Idempotency-Key': `${key}-submit` },
          },
        });
        return submitted.response.status === 200;
      },
      120_000,
      1_000,
    );

    await page.locator('.submit').dblclick();
    await page.waitForURL(/pages\/applications\/index/, { timeout: 60_000 });
    await page
      .locator('.application-card', { hasText: '启迪之星' })
      .first()
      .waitFor({ timeout: 30_000 });
    expect(await page.locator('.submit-error').count()).toBe(0);
    await shoot('applications');

    const reviewer = await signDevToken({
      privateJwk: signingKey(),
      sub: 'reviewer-e2e',
      roles: ['reviewer'],
      carrierIds: [qidi.id],
      ttl: '1h',
    });
    const intake = createIntakeClient({ baseUrl, token: reviewer });
    const { data: list } = await intake.GET('/applications', {
      params: { query: { carrierId: qidi.id } },
    });
    const mine = list!.items.filter((item) => item.projectName === '工业视觉质检平台');
    expect(mine).toHaveLength(1);
    expect(mine[0]!.status).toBe('submitted');

    for (const to of ['under_review', 'accepted'] as const) {
      const moved = await intake.POST('/applications/{applicationId}/transitions', {
        params: { path: { applicationId: mine[0]!.id } },
        body: {
          to,
          ...(to === 'accepted' && { comment: '项目方向与孵化器智能制造重点领域契合，同意入孵。' }),
        },
      });
      expect(moved.response.status).toBe(200);
    }
  });

  it('the acceptance message says what comes next and leads to the carrier’s contact', async () => {
    await open('/pages/messages/index');
    await waitFor(
      'the acceptance in 消息',
      async () => {
        await page.reload();
        return page
          .locator('.message', { hasText: '已通过' })
          .first()
          .waitFor({ timeout: 4_000 })
          .then(() => true);
      },
      180_000,
      1_000,
    );
    const message = page.locator('.message', { hasText: '已通过' }).first();
    await expect(message.textContent()).resolves.toContain('下一步');
    await expect(message.textContent()).resolves.toContain('拨打');
    await shoot('messages');
    await message.click();
    await page.locator('.carrier-contact').waitFor({ timeout: 30_000 });
    await expect(page.locator('.carrier-contact').textContent()).resolves.toContain('0534-2212345');
    await expect(page.locator('.next-steps').textContent()).resolves.toContain('入孵协议');
    await page.locator('.timeline-entry', { hasText: '同意入孵' }).first().waitFor();
    await shoot('application');
  });

  it('news is seeded on a fresh start; an article and 我的 render; back from an article', async () => {
    await open('/pages/news/index');
    await expect
      .poll(() => page.locator('.article-card').count(), { timeout: 90_000 })
      .toBeGreaterThanOrEqual(4);
    await shoot('news');
    await page.locator('.article-card', { hasText: '德州高创中心' }).first().click();
    await page.locator('.article .page-title').waitFor({ timeout: 30_000 });
    await shoot('article');
    await page.locator('.nav-back:visible').click();
    await page.locator('.article-card').first().waitFor();

    await open('/pages/me/index');
    await page.locator('.me .page-title').waitFor({ timeout: 30_000 });
    await shoot('me');
  });

  it('no page has a serious accessibility violation', () => {
    expect(violations).toEqual({});
  });

  it('nothing sticks out at 320 and 430 px', async () => {
    const pages = [
      '/pages/discover/index',
      `/pages/carrier/index?id=${qidi.id}`,
      `/pages/apply/index?carrierId=${qidi.id}`,
      '/pages/news/index',
      '/pages/applications/index',
      '/pages/messages/index',
      '/pages/me/index',
    ];
    const problems: Record<string, string[]> = {};
    for (const width of [320, 430]) {
      await page.setViewportSize({ width, height: 844 });
      for (const path of pages) {
        await open(path);
        await page.locator('.page:visible').first().waitFor();
        await page.waitForTimeout(1_500);
        if (path.startsWith('/pages/discover')) await page.locator('.toggle-filters').click();
        const found = await overflowing(page);
        if (found.length) problems[`${width} ${path}`] = found;
      }
    }
    await page.setViewportSize({ width: 390, height: 844 });
    expect(problems).toEqual({});
    expect(pageErrors).toEqual([]);
  });
});
