/**
 * The public site as a visitor sees it: every page reachable from the header menu (desktop and
 * phone), the contact form with and without JavaScript (down to the e-mail it triggers), in-page
 * validation, and the 404 page. Expected headings and titles are read from the Markdown copy in
 * apps/web/content, so editing the words does not break these tests.
 */
import { readFileSync } from 'node:fs';
import { CONTACT_ENDPOINT, CONTACT_THANKS_PATH } from '@coppertone/contracts';
import { expect, type Page, test } from '@playwright/test';
import { EDGE } from './helpers/edge.ts';
import { waitForMail } from './helpers/mailbox.ts';

interface Copy {
  title: string;
  heading: string;
}

/** The `title:` and `heading:` lines of a page's front matter. */
function copyOf(slug: string): Copy {
  const source = readFileSync(new URL(`../../apps/web/content/${slug}.md`, import.meta.url), 'utf8');
  const field = (key: string) => {
    const value = new RegExp(`^${key}:\\s*(.+)$`, 'm').exec(source)?.[1]?.trim();
    if (!value) throw new Error(`content/${slug}.md has no ${key}`);
    return value.replace(/^(['"])(.*)\1$/, '$2');
  };
  return { title: field('title'), heading: field('heading') };
}

const HEADER_PAGES = [
  { link: 'Home', path: '/', slug: 'home' },
  { link: 'Services', path: '/services', slug: 'services' },
  { link: 'About', path: '/about', slug: 'about' },
  { link: 'Contact', path: '/contact', slug: 'contact' },
] as const;

async function expectPage(page: Page, path: string, slug: string): Promise<void> {
  const copy = copyOf(slug);
  await expect(page).toHaveURL((url) => url.pathname === path);
  await expect(page).toHaveTitle(copy.title);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(copy.heading);
  await expect(page.getByRole('main')).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
}

function uniqueText(label: string): string {
  return `${label} ${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

async function fillContactForm(page: Page, message: string): Promise<void> {
  await page.getByLabel('Name', { exact: true }).fill('Ada Lovelace');
  await page.getByLabel('E-mail', { exact: true }).fill('ada@example.com');
  await page.getByLabel('Company').fill('Analytical Engines Ltd');
  await page.getByLabel('How can we help?').fill(`Hello! We need a new booking system. ${message}`);
}

test.describe('navigation', () => {
  test('on a desktop, every public page is reachable from the header', EDGE, async ({ page }) => {
    await page.goto('/');
    await expectPage(page, '/', 'home');

    const nav = page.getByRole('navigation', { name: 'Main' });
    for (const target of [...HEADER_PAGES.slice(1), HEADER_PAGES[0]]) {
      await nav.getByRole('link', { name: target.link, exact: true }).click();
      await expectPage(page, target.path, target.slug);
      await expect(nav.getByRole('link', { name: target.link, exact: true })).toHaveAttribute('aria-current', 'page');
    }

    await page
      .getByRole('contentinfo')
      .getByRole('link', { name: /privacy/i })
      .click();
    await expectPage(page, '/privacy', 'privacy');
  });

  test.describe('on a phone', () => {
    test.use({ viewport: { width: 390, height: 844 }, hasTouch: true });

    test('the collapsed menu opens and leads to every public page', async ({ page }) => {
      await page.goto('/');
      await expectPage(page, '/', 'home');
      const menu = page.locator('header summary');
      const nav = page.getByRole('navigation', { name: 'Main' });

      for (const target of [...HEADER_PAGES.slice(1), HEADER_PAGES[0]]) {
        // Collapsed: no link list in the header until the menu is opened.
        await expect(nav).toBeHidden();
        await menu.click();
        await nav.getByRole('link', { name: target.link, exact: true }).click();
        await expectPage(page, target.path, target.slug);
      }
    });
  });
});

test.describe('contact form', () => {
  test(
    'with JavaScript, it sends JSON and lands on the thanks page; staff get the mail',
    EDGE,
    async ({ page, request, baseURL }) => {
      const marker = uniqueText('js');
      await page.goto('/contact');
      await fillContactForm(page, marker);

      const posted = page.waitForResponse(
        (r) => new URL(r.url()).pathname === CONTACT_ENDPOINT && r.request().method() === 'POST',
      );
      await page.getByRole('button', { name: 'Send message' }).click();
      const response = await posted;
      expect(response.request().headers()['content-type']).toContain('application/json');
      expect([201, 202]).toContain(response.status());

      await expectPage(page, CONTACT_THANKS_PATH, 'contact-thanks');
      await waitForMail(request, baseURL, { text: marker });
    },
  );

  test('in the browser, an empty name is reported beside the field and nothing is sent', async ({ page }) => {
    await page.goto('/contact');
    let posts = 0;
    page.on('request', (r) => {
      if (r.method() === 'POST') posts += 1;
    });
    await page.getByLabel('E-mail', { exact: true }).fill('ada@example.com');
    await page.getByLabel('How can we help?').fill('A message without a name.');
    await page.getByRole('button', { name: 'Send message' }).click();

    const name = page.getByLabel('Name', { exact: true });
    await expect(name).toHaveAttribute('aria-invalid', 'true');
    await expect(name).toBeFocused();
    await expect(name).toHaveAccessibleDescription(/enter your name/i);
    await expect(page.locator('#contact-name-error')).toBeVisible();
    await expect(page).toHaveURL((url) => url.pathname === '/contact');
    expect(posts).toBe(0);

    // Fixing the field clears its message.
    await name.fill('Ada Lovelace');
    await expect(page.locator('#contact-name-error')).toBeHidden();
    await expect(name).not.toHaveAttribute('aria-invalid', 'true');
  });

  test.describe('without JavaScript', () => {
    test.use({ javaScriptEnabled: false });

    test(
      'the plain form post is redirected to the thanks page; staff get the mail',
      EDGE,
      async ({ page, request, baseURL }) => {
        const marker = uniqueText('nojs');
        await page.goto('/contact');
        await fillContactForm(page, marker);

        const posted = page.waitForRequest(
          (r) => new URL(r.url()).pathname === CONTACT_ENDPOINT && r.method() === 'POST',
        );
        await page.getByRole('button', { name: 'Send message' }).click();
        const post = await posted;
        expect(post.headers()['content-type']).toContain('application/x-www-form-urlencoded');

        await expectPage(page, CONTACT_THANKS_PATH, 'contact-thanks');
        await waitForMail(request, baseURL, { text: marker });
      },
    );
  });
});

test('an unknown address shows the 404 page with status 404', EDGE, async ({ page }) => {
  const response = await page.goto(`/no-such-page-${Date.now().toString(36)}`);
  expect(response?.status()).toBe(404);
  const copy = copyOf('not-found');
  await expect(page).toHaveTitle(copy.title);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(copy.heading);
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
});
