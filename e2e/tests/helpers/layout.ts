/** Layout checks the journeys share. */
import { expect, type Page } from '@playwright/test';

/**
 * No sideways scrolling: the page is no wider than the window. On failure the message names the
 * elements that reach past the right edge, deepest first, so the culprit is in the report.
 */
export async function expectFitsWidth(page: Page): Promise<void> {
  const { scroll, width, wide } = await page.evaluate(() => {
    const width = window.innerWidth;
    const wide: string[] = [];
    for (const el of Array.from(document.querySelectorAll('body *'))) {
      const r = el.getBoundingClientRect();
      if (r.right > width + 0.5 && r.width > 0) {
        const cls =
          typeof el.className === 'string' && el.className ? `.${el.className.trim().split(/\s+/).join('.')}` : '';
        wide.push(`${el.tagName.toLowerCase()}${cls} (right edge ${Math.round(r.right)})`);
      }
    }
    return { scroll: document.documentElement.scrollWidth, width, wide: wide.reverse().slice(0, 5) };
  });
  expect(scroll, `wider than the ${width} px window: ${wide.join(', ')}`).toBeLessThanOrEqual(width);
}
