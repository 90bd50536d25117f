// What the end-to-end suite does in the page: Taro's H5 picker wheels, axe-core, layout checks.
import { createRequire } from 'node:module';
import type { ElementHandle, Locator, Page } from 'playwright-core';

const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');

// Taro's H5 picker (picker-group.js): rows 34 px high, the chosen row 102 px below the top of a
// 238 px wheel pinned to the bottom of the window. A click without a drag moves the wheel by
// as many rows as it lands away from the centre (at most 3 inside the wheel).
const ROW = 34;
const TOP = 102;
const WHEEL_HALF = 119;

/** Opens the picker behind `trigger`, turns each column to the wanted text, and confirms. */
export async function pick(page: Page, trigger: Locator, wanted: string[]): Promise<void> {
  await trigger.click();
  // the overlay itself has no box (its parts are fixed to the window): find it by its header,
  // and hold on to that picker while it animates
  const header = page.locator('.weui-picker__hd:visible').first();
  await header.waitFor();
  // it slides up for 0.3 s: a click during the slide lands on the mask, which cancels
  await page.waitForTimeout(500);
  const slider = (await header.locator('xpath=..').elementHandle())!;
  const groups = await slider.$$('.weui-picker__group');
  for (let column = 0; column < wanted.length; column++) {
    await turnWheel(page, groups[column]!, wanted[column]!);
  }
  const [, confirm] = await slider.$$('.weui-picker__action');
  await confirm!.click();
  await page.waitForFunction(
    () =>
      !Array.from(document.querySelectorAll('.weui-mask')).some(
        (mask) => (mask as HTMLElement).getBoundingClientRect().height > 0,
      ),
  );
}

async function turnWheel(page: Page, group: ElementHandle, wanted: string): Promise<void> {
  const viewport = page.viewportSize()!;
  await group.waitForSelector('.weui-picker__item', { state: 'attached' });
  for (let attempt = 0; attempt < 60; attempt++) {
    const items = await group.$$eval('.weui-picker__item', (elements) =>
      elements.map((e) => (e.textContent ?? '').trim()),
    );
    const target = items.findIndex((text) => text === wanted || text.startsWith(`${wanted}（`));
    if (target < 0) throw new Error(`"${wanted}" is not among the options: ${items.join(' | ')}`);
    const style = await group.$eval('.weui-picker__content', (e) => e.getAttribute('style') ?? '');
    const offset = Number(/translate3d\(0(?:px)?,\s*(-?[\d.]+)px/.exec(style)?.[1] ?? TOP);
    const current = Math.round((TOP - offset) / ROW);
    if (current === target) return;
    const step = Math.max(-3, Math.min(3, target - current));
    const box = await group.boundingBox();
    if (!box) throw new Error(`the picker closed before "${wanted}" was chosen`);
    await page.mouse.click(box.x + box.width / 2, viewport.height - WHEEL_HALF + step * ROW);
    await page.waitForTimeout(120);
  }
  throw new Error(`could not turn the wheel to "${wanted}"`);
}

export interface AxeViolation {
  id: string;
  impact: string;
  help: string;
  nodes: string[];
}

/** axe-core on the page as it is; the serious and critical violations. */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE });
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: any }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations
      .filter((v: any) => v.impact === 'serious' || v.impact === 'critical')
      .map((v: any) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.slice(0, 3).map((n: any) => n.html.slice(0, 160)),
      }));
  });
}

/** Elements whose right edge passes the window's (clipped or overflowing), as short descriptions. */
export async function overflowing(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const out: string[] = [];
    if (document.documentElement.scrollWidth > width + 1)
      out.push(`page scrolls sideways: ${document.documentElement.scrollWidth} > ${width}`);
    for (const element of Array.from(document.querySelectorAll('body *'))) {
      const box = element.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) continue;
      const style = getComputedStyle(element);
      if (style.visibility === 'hidden' || style.display === 'none') continue;
      // inside a sideways-scrolling strip (the photos, the steps) is by design
      let scroller = element.parentElement;
      let inScroller = false;
      while (scroller) {
        const overflowX = getComputedStyle(scroller).overflowX;
        if (overflowX === 'auto' || overflowX === 'scroll') inScroller = true;
        scroller = scroller.parentElement;
      }
      if (inScroller) continue;
      if (box.right > width + 1 || box.left < -1) {
        const name = `${element.tagName.toLowerCase()}.${String(element.className).split(' ').join('.')}`;
        out.push(`${name} [${Math.round(box.left)}, ${Math.round(box.right)}]`);
      }
    }
    return out.slice(0, 10);
  });
}
