/**
 * Linking an account to its company: someone registers on their own and waits for access; staff
 * see them waiting and link them to their company; the person's open portal shows the company
 * without signing in again, and they are told by e-mail. Inviting an address that already has an
 * account waiting offers the link instead of a dead end.
 */
import { type APIRequestContext, type Browser, expect, type Page, test } from '@playwright/test';
import { expectFitsWidth } from './helpers/layout.ts';
import { linkFromMail, waitForMail } from './helpers/mailbox.ts';
import { signInApi, uniqueEmail } from './helpers/sign-in.ts';

/** Registers on their own, confirms by the mailed link (which signs them in), in a browser of their own. */
async function registeredAndWaiting(
  browser: Browser,
  request: APIRequestContext,
  baseURL: string | undefined,
  email: string,
  name: string,
): Promise<Page> {
  const registered = await request.post('/api/identity/register', {
    data: { name, email, password: 'lantern harbour quietly' },
  });
  expect(registered.status()).toBe(202);
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  await page.goto(await linkFromMail(request, baseURL, email, '/auth/confirm'));
  await expect(page.getByRole('heading', { level: 1, name: 'Waiting for access' })).toBeVisible({ timeout: 30_000 });
  return page;
}

async function staffWorkspace(page: Page): Promise<void> {
  await signInApi(page.request, 'staff@demo.test');
  await page.goto('/staff');
  await expect(page.getByRole('heading', { name: /Waiting for access/ })).toBeVisible();
}

test('staff link a waiting account to its company; the person sees their portal at once and is e-mailed', async ({
  page,
  browser,
  request,
  baseURL,
}) => {
  test.slow();
  const email = uniqueEmail('wes');
  const person = await registeredAndWaiting(browser, request, baseURL, email, 'Wes Waiting');

  await page.setViewportSize({ width: 1280, height: 800 });
  await staffWorkspace(page);
  const row = page.getByRole('listitem').filter({ hasText: email });
  await expect(row).toContainText('Wes Waiting');
  // Linking without a company says what is missing.
  await row.getByRole('button', { name: 'Link Wes' }).click();
  await expect(row).toContainText('Please choose their company.');
  await row.getByLabel('Link Wes Waiting to').selectOption({ label: 'Demo Client Ltd' });
  await row.getByRole('button', { name: 'Link Wes' }).click();
  await expect(
    page
      .getByRole('status')
      .filter({ hasText: 'Wes Waiting is now linked to Demo Client Ltd and was told by e-mail.' }),
  ).toBeVisible();
  await expect(page.getByRole('listitem').filter({ hasText: email })).toHaveCount(0);

  // The person's open page becomes their portal, without reloading or signing in again.
  await expect(person.getByRole('heading', { level: 1, name: 'Demo Client Ltd' })).toBeVisible({ timeout: 15_000 });
  const mail = await waitForMail(request, baseURL, { to: email, text: 'linked your Coppertone account' });
  expect(mail.subject).toBe('You can now see Demo Client Ltd on Coppertone');
  await person.context().close();
});

test('inviting an address that waits for access offers to link it instead', async ({
  page,
  browser,
  request,
  baseURL,
}) => {
  test.slow();
  const email = uniqueEmail('ivy');
  const person = await registeredAndWaiting(browser, request, baseURL, email, 'Ivy Invited');
  await person.context().close();

  await page.setViewportSize({ width: 390, height: 844 });
  await staffWorkspace(page);
  await page.getByLabel('Their e-mail').fill(email);
  await page.getByLabel('Company', { exact: true }).selectOption({ label: 'Demo Client Ltd' });
  await page.getByRole('button', { name: 'Send invitation' }).click();
  const offer = page.getByRole('alert').filter({ hasText: 'already has an account, waiting for access' });
  await expect(offer).toBeVisible();
  await offer.getByRole('button', { name: 'Link to Demo Client Ltd' }).click();
  await expect(
    page
      .getByRole('status')
      .filter({ hasText: 'Ivy Invited is now linked to Demo Client Ltd and was told by e-mail.' }),
  ).toBeVisible();
  await waitForMail(request, baseURL, { to: email, text: 'linked your Coppertone account' });
  await expectFitsWidth(page);
});
