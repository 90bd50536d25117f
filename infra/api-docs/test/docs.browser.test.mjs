// /docs in Debian's Chromium through the development gateway, with registry on the embedded broker
// and database behind it: the reference lists the operations, "try it" reaches the service on the
// same origin, the bearer token typed in is sent, and no page asks anything of another origin.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repositoryRoot, startStack } from '@shuangchuang/local-stack/stack.mjs';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const dist = new URL('../dist/index.html', import.meta.url).pathname;

function whySkip() {
  if (!existsSync(chromiumPath)) return `no Chromium at ${chromiumPath} (apt-get install chromium)`;
  if (!existsSync(dist)) return 'the site is not built (npm run build)';
  if (!existsSync(join(repositoryRoot, 'services/registry/dist/main.js')))
    return 'registry is not built (npm run build)';
  return null;
}
const skipReason = whySkip();
if (skipReason) console.log(`api-docs browser test skipped: ${skipReason}`);

describe.skipIf(skipReason !== null)('/docs in Chromium', () => {
  let stack;
  let browser;
  let page;
  let userDataDir;
  const elsewhere = [];
  const pageErrors = [];

  beforeAll(async () => {
    stack = await startStack({
      ephemeral: true,
      services: ['registry'],
      env: { NODE_ENV: 'development', LOG_LEVEL: 'warn' },
    });
    userDataDir = await mkdtemp(join(tmpdir(), 'api-docs-chromium-'));
    browser = await chromium.launchPersistentContext(userDataDir, {
      executablePath: chromiumPath,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
      viewport: { width: 1400, height: 1000 },
    });
    page = browser.pages()[0] ?? (await browser.newPage());
    page.on('pageerror', (error) => pageErrors.push(error.message));
    // Everything must come from the gateway: anything else is recorded and refused.
    await page.route('**/*', (route) => {
      const url = new URL(route.request().url());
      if (url.origin === stack.gatewayUrl) return route.continue();
      elsewhere.push(url.href);
      return route.abort();
    });
  });

  afterAll(async () => {
    await browser?.close();
    if (userDataDir) await rm(userDataDir, { recursive: true, force: true });
    await stack?.stop();
  });

  it('lists the operations of the four APIs', async () => {
    await page.goto(`${stack.gatewayUrl}/docs/`);
    await expect
      .poll(() => page.getByText('Search carriers').count(), { timeout: 30_000 })
      .toBeGreaterThan(0);
    for (const operation of ['Get a carrier', 'Create a carrier', 'Import a published notice']) {
      expect(await page.getByText(operation).count()).toBeGreaterThan(0);
    }
    // The document selector offers the other three services.
    await page.getByText('双创 registry API').first().click();
    for (const title of ['news-feed', 'application-intake', 'notification']) {
      await expect
        .poll(() => page.getByText(new RegExp(title.replace('-', '.'), 'i')).count())
        .toBeGreaterThan(0);
    }
    await page.keyboard.press('Escape');
  });

  it('tries a public endpoint through the gateway and sends the bearer token typed in', async () => {
    await page.goto(`${stack.gatewayUrl}/docs/#tag/carriers/GET/carriers`);
    await page
      .getByRole('button', { name: /Test Request/ })
      .first()
      .click();

    const sent = page.waitForResponse(
      (res) => new URL(res.url()).pathname === '/api/registry/carriers',
    );
    await page.getByRole('button', { name: /^Send/ }).first().click();
    const response = await sent;
    expect(response.status()).toBe(200);
    expect(new URL(response.url()).origin).toBe(stack.gatewayUrl);
    const body = await response.json();
    expect(Array.isArray(body.items)).toBe(true);
    await expect.poll(() => page.getByText('200 OK').count()).toBeGreaterThan(0);

    await page.getByPlaceholder('Token').first().fill('token-typed-in-the-reference');
    const again = page.waitForRequest(
      (req) => new URL(req.url()).pathname === '/api/registry/carriers',
    );
    await page.getByRole('button', { name: /^Send/ }).first().click();
    expect((await again).headers().authorization).toBe('Bearer token-typed-in-the-reference');
  });

  it('renders the event catalog with every topic', async () => {
    await page.goto(`${stack.gatewayUrl}/docs/events/`);
    for (const topic of [
      'registry.incubator.v1',
      'news.article.v1',
      'intake.application.v1',
      'notification.delivery.v1',
    ]) {
      expect(await page.getByText(topic, { exact: true }).count()).toBeGreaterThan(0);
    }
    expect(await page.getByText('ApplicationSubmitted').count()).toBeGreaterThan(0);
  });

  it('asked nothing of another origin and threw no error', () => {
    expect(elsewhere).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
