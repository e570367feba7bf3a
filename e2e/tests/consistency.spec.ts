/**
 * Pages say what happened: a missing page in the signed-in area offers the way home, not "Try
 * again" (trying again finds nothing more), while a reset link used a second time says it was
 * already used, not that it expired, and offers signing in beside a new link.
 */
import { expect, test } from '@playwright/test';
import { linkFromMail } from './helpers/mailbox.ts';

test('a missing task or project is a 404 that offers the home page, not "Try again"', async ({ page }) => {
  const login = await page.request.post('/api/identity/login', {
    data: { email: 'staff@demo.test', password: 'coppertone-demo' },
  });
  expect(login.ok()).toBe(true);
  for (const path of [
    '/staff/tasks/00000000-0000-4000-8000-000000000000',
    '/staff/projects/00000000-0000-4000-8000-000000000000',
  ]) {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1, name: "We couldn't find that page" })).toBeVisible();
    await expect(page.getByText('Error 404')).toBeVisible();
    await expect(page.getByRole('link', { name: 'Go to the home page' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Try again' })).toHaveCount(0);
  }
});

test('a reset link used a second time says it was already used', async ({ page, request, baseURL }) => {
  const email = `twice-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}@example.test`;
  const registered = await request.post('/api/identity/register', {
    data: { name: 'Tess Twice', email, password: 'lantern harbour quietly' },
  });
  expect(registered.status()).toBe(202);
  const forgot = await request.post('/api/identity/password/forgot', { data: { email } });
  expect(forgot.status()).toBe(202);
  const link = await linkFromMail(request, baseURL, email, '/auth/reset');

  await page.goto(link);
  await page.getByLabel('New password', { exact: true }).fill('copper kettle at dawn');
  await page.getByRole('button', { name: 'Set new password' }).click();
  await expect(page).toHaveURL((url) => url.pathname === '/auth/login');

  // The same link again (an old tab, a second click in the mail).
  await page.goto(link);
  await page.getByLabel('New password', { exact: true }).fill('copper kettle at dusk');
  await page.getByRole('button', { name: 'Set new password' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'This link has already been used' })).toBeVisible();
  await expect(page.getByText('expired')).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Sign in' }).last()).toBeVisible();
  await expect(page.getByRole('link', { name: 'Send me a new link' })).toBeVisible();
});
