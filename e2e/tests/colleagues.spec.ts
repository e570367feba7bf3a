/**
 * Clients invite colleagues: a client invites a colleague from their portal, who registers from
 * the mailed link straight into the company; staff see who invited whom; an admin turns it off for
 * the company, and the client's portal says so instead of offering the form (turned on again after).
 */
import { expect, test } from '@playwright/test';
import { expectFitsWidth } from './helpers/layout.ts';
import { linkFromMail } from './helpers/mailbox.ts';
import { signInApi } from './helpers/sign-in.ts';

test('a client invites a colleague; staff see who invited whom; an admin can turn it off', async ({
  page,
  browser,
  request,
  baseURL,
}) => {
  test.slow();
  const colleague = `colleague-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}@example.test`;

  await signInApi(page.request, 'client@demo.test');
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/portal');
  const team = page.getByRole('region', { name: 'Invite a colleague' });
  await team.getByLabel("Colleague's e-mail").fill(colleague);
  await team.getByRole('button', { name: 'Invite colleague' }).click();
  await expect(team.getByRole('status').filter({ hasText: `Invitation sent to ${colleague}` })).toBeVisible();
  await expect(team.getByRole('listitem').filter({ hasText: colleague })).toContainText('Invited by Casey Client');
  await expectFitsWidth(page);

  // The colleague registers from the link, straight into the company.
  const link = await linkFromMail(request, baseURL, colleague, '/auth/register');
  const other = await browser.newContext({ baseURL });
  const newcomer = await other.newPage();
  await newcomer.goto(link);
  await expect(newcomer.getByText('Demo Client Ltd').first()).toBeVisible({ timeout: 30_000 });
  await newcomer.getByLabel('Your name').fill('Colin Colleague');
  await newcomer.getByLabel('Password', { exact: true }).fill('bright lantern by the quay');
  await newcomer.getByRole('button', { name: 'Create account' }).click();
  await expect(newcomer.getByRole('heading', { level: 1, name: 'Demo Client Ltd' })).toBeVisible({ timeout: 30_000 });
  await other.close();

  // Staff see who invited whom.
  const admin = await browser.newContext({ baseURL, viewport: { width: 1280, height: 800 } });
  const adminPage = await admin.newPage();
  await signInApi(adminPage.request, 'admin@demo.test');
  await adminPage.goto('/staff');
  const recent = adminPage.getByRole('region', { name: 'Recent invitations' });
  await expect(recent.getByRole('listitem').filter({ hasText: colleague })).toContainText(
    `Casey Client (client) invited ${colleague} to Demo Client Ltd`,
  );
  await expect(recent.getByRole('listitem').filter({ hasText: colleague })).toContainText('joined');

  // An admin turns it off for the company: the client's portal says so, and the API refuses.
  const toggle = adminPage.getByRole('checkbox', { name: 'Clients may invite colleagues into Demo Client Ltd' });
  await expect(toggle).toBeChecked();
  const saved = adminPage.waitForResponse((r) => r.url().endsWith('/client-invites') && r.request().method() === 'PUT');
  await toggle.uncheck();
  expect((await saved).status()).toBe(200);
  try {
    await page.reload();
    await expect(team).toContainText('Inviting colleagues is turned off for Demo Client Ltd');
    await expect(team.getByRole('button', { name: 'Invite colleague' })).toHaveCount(0);
    const refused = await page.request.post('/api/identity/invites', { data: { email: colleague, role: 'client' } });
    expect(refused.status()).toBe(403);
  } finally {
    // Back on, as the demo has it.
    await adminPage.reload();
    const again = adminPage.waitForResponse((r) => r.url().endsWith('/client-invites'));
    await toggle.check();
    expect((await again).status()).toBe(200);
    await admin.close();
  }
});
