/**
 * Screenshots for the README's tour (tour.spec.ts). They are written only when `TOUR_SHOTS` names a
 * directory (`npm run docs:tour -w @coppertone/e2e` sets it to docs/tour); any other run takes none
 * and writes nothing into the repository.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Locator, Page } from '@playwright/test';

export const DESKTOP = { width: 1280, height: 800 } as const;
export const PHONE = { width: 390, height: 844 } as const;

const dir = process.env.TOUR_SHOTS ? resolve(process.env.TOUR_SHOTS) : undefined;
if (dir) mkdirSync(dir, { recursive: true });

/** True when this run writes the tour's images. */
export const takingShots = dir !== undefined;

// JPEG at quality 70 keeps a 1280×800 page near 60 KB, so the tour's two dozen images stay small.
const JPEG = { type: 'jpeg', quality: 70, animations: 'disabled', caret: 'hide' } as const;

export interface ShotOptions {
  /** Scrolled to the top of the window first (below the sticky header), for a page whose point is further down. */
  at?: Locator;
  /** Also taken at phone size (`<name>-phone.jpg`), the page laid out again at 390×844. */
  phone?: boolean;
}

/** The window as it is now, as `<name>.jpg` (desktop) and optionally `<name>-phone.jpg`. */
export async function shot(page: Page, name: string, { at, phone = false }: ShotOptions = {}): Promise<void> {
  if (!dir) return;
  const size = page.viewportSize() ?? DESKTOP;
  await page.setViewportSize(DESKTOP);
  await snap(page, join(dir, `${name}.jpg`), at);
  if (phone) {
    await page.setViewportSize(PHONE);
    await snap(page, join(dir, `${name}-phone.jpg`), at);
  }
  await page.setViewportSize(size);
}

async function snap(page: Page, path: string, at: Locator | undefined): Promise<void> {
  // At once, not smoothly as app.css asks (a shot taken mid-scroll shows half of two screens), and
  // clear of the sticky header.
  const top = at
    ? await at.evaluate((el) => {
        const header = document.querySelector('header')?.getBoundingClientRect().height ?? 0;
        return el.getBoundingClientRect().top + window.scrollY - header - 16;
      })
    : 0;
  await page.evaluate(async (y) => {
    window.scrollTo({ top: y, behavior: 'instant' });
    await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
  }, top);
  // The web fonts and images the page asked for, so no shot shows a fallback face or a half-drawn picture.
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  await page.screenshot({ path, ...JPEG });
}
