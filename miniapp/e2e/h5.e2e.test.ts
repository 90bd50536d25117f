// End to end: the H5 build in Debian's Chromium (playwright-core) against registry,
// application-intake and notification (news-feed when built) on the embedded broker and database,
// behind the development gateway. Walks the founder's path and saves a screenshot of each page.
import { mkdirSync, existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRegistryClient, createIntakeClient } from '@shuangchuang/contracts';
import { signDevToken } from '@shuangchuang/service-kit';
import { stackInfrastructure } from '@shuangchuang/test-infrastructure';
// @ts-expect-error the local stack is plain JavaScript without types
import { startStack } from '../../infra/local/stack.mjs';
import { JWT_SECRET, miniappDir, repoRoot, waitFor } from './support';

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const h5Dir = join(miniappDir, 'dist/h5');
const screenshots = join(miniappDir, 'e2e/screenshots');
const required = ['registry', 'application-intake', 'notification'];

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

describe.skipIf(skipReason !== null)('H5 mini-program end to end', () => {
  let stack: { gatewayUrl: string; stop(): Promise<void> };
  let infrastructure: Awaited<ReturnType<typeof stackInfrastructure>> | undefined;
  let baseUrl = '';
  let context: BrowserContext;
  let page: Page;
  let userDataDir = '';
  const pageErrors: string[] = [];

  beforeAll(async () => {
    mkdirSync(screenshots, { recursive: true });
    // The same stack as `npm start`: embedded servers (or TEST_INFRASTRUCTURE's), every built
    // service, the gateway serving dist/h5.
    infrastructure = await stackInfrastructure();
    stack = await startStack({
      ephemeral: true,
      ...infrastructure.options,
      env: { NODE_ENV: 'development', JWT_SECRET, LOG_LEVEL: 'warn' },
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
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });

  afterAll(async () => {
    await context?.close();
    if (userDataDir) await rm(userDataDir, { recursive: true, force: true });
    await stack?.stop();
    await infrastructure?.stop();
  });

  const shot = (name: string) =>
    page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: true });
  const open = (path: string) => page.goto(`${baseUrl}/#${path}`);

  it('finds 启迪之星 by "qidi", follows it, applies, and sees the acceptance in 消息', async () => {
    const registry = createRegistryClient({ baseUrl });
    // The registry seeds on first start: wait until the search knows 启迪之星.
    const carrier = await waitFor('the seeded 启迪之星 in the registry', async () => {
      const { data } = await registry.GET('/carriers', { params: { query: { q: 'qidi' } } });
      return data?.items.find((item) => item.name.includes('启迪之星') && item.accepting);
    });

    // 发现: type pinyin, see the carrier with its honors.
    await open('/pages/discover/index');
    await page.locator('.search-input input').fill('qidi');
    const card = page.locator('.carrier-card', { hasText: carrier.name }).first();
    await card.waitFor({ timeout: 30_000 });
    await shot('discover');
    await card.click();

    // 载体: profile, follow (logs in with the development exchanger first).
    await page.locator('.follow').first().waitFor({ timeout: 30_000 });
    expect(await page.locator('.page-title').first().textContent()).toContain('启迪之星');
    await page.locator('.follow').first().click();
    await page.locator('.follow', { hasText: '已关注' }).first().waitFor({ timeout: 60_000 });
    await shot('carrier');

    // 申请: four steps.
    await page.locator('.apply').first().click();
    await page.locator('.input-applicantName input').waitFor({ timeout: 30_000 });
    await page.locator('.input-applicantName input').fill('李明');
    await page.locator('.input-mobile input').fill('13912345678');
    await page.locator('.input-email input').fill('liming@example.com');
    await page.locator('.next').click();
    await page.locator('.input-projectName input').fill('工业视觉质检平台');
    await page
      .locator('.input-projectSummary textarea')
      .fill('面向中小制造企业的低成本机器视觉缺陷检测系统。');
    await page.locator('.input-industry input').fill('智能制造');
    await page.locator('.stages .chip', { hasText: '原型/样品' }).click();
    await page.locator('.next').click();
    await page.locator('.next').click();
    await page.locator('.consent').click();
    await shot('apply');
    // application-intake learns carriers from registry events: retry the submit until it knows this one.
    await waitFor(
      'the submitted application under 我的申请',
      async () => {
        if (!page.url().includes('/pages/applications/index'))
          await page.locator('.submit').click();
        return page
          .locator('.application-card', { hasText: '启迪之星' })
          .first()
          .waitFor({ timeout: 5_000 })
          .then(() => true);
      },
      90_000,
      2_000,
    );
    await expect(page.locator('.application-card').first().textContent()).resolves.toContain(
      '已提交',
    );
    await shot('applications');

    // A reviewer accepts it over REST.
    const token = await signDevToken({
      secret: JWT_SECRET,
      sub: 'reviewer-e2e',
      roles: ['reviewer'],
      carrierIds: [carrier.id],
      ttl: '1h',
    });
    const intake = createIntakeClient({ baseUrl, token });
    const { data: list } = await intake.GET('/applications', {
      params: { query: { carrierId: carrier.id } },
    });
    const application = list!.items.find((item) => item.projectName === '工业视觉质检平台')!;
    expect(application).toBeDefined();
    const review = await intake.POST('/applications/{applicationId}/transitions', {
      params: { path: { applicationId: application.id } },
      body: { to: 'under_review' },
    });
    expect(review.response.status).toBe(200);
    const accept = await intake.POST('/applications/{applicationId}/transitions', {
      params: { path: { applicationId: application.id } },
      body: { to: 'accepted', comment: '项目方向与孵化器智能制造重点领域契合，同意入孵。' },
    });
    expect(accept.response.status).toBe(200);

    // 消息: the acceptance arrives (notification consumes the intake events). The page loads once
    // when shown, so later tries reload it, as a founder pulls down to refresh.
    await open('/pages/messages/index');
    await waitFor(
      'the acceptance in 消息',
      async () => {
        await page.reload();
        return page
          .locator('.message', { hasText: '通过' })
          .first()
          .waitFor({ timeout: 4_000 })
          .then(() => true);
      },
      // A deadline, not a pause: on a loaded CI machine the event path can take a while.
      180_000,
      1_000,
    );
    await shot('messages');
    await page.locator('.message', { hasText: '通过' }).first().click();
    await page
      .locator('.timeline-entry', { hasText: '同意入孵' })
      .first()
      .waitFor({ timeout: 30_000 });
    await shot('application');

    // The other main pages render (content, empty or error with 重试, never blank).
    await open('/pages/news/index');
    await page.locator('.news .card, .news .state').first().waitFor({ timeout: 30_000 });
    await shot('news');
    await open('/pages/me/index');
    await page.locator('.follow-row', { hasText: '启迪之星' }).first().waitFor({ timeout: 30_000 });
    await shot('me');
    expect(pageErrors).toEqual([]);
  });
});
