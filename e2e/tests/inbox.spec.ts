/**
 * The staff inbox for contact messages: a visitor writes through the contact form, staff find the
 * message (newest first, unread marked), search, read it, reply by e-mail (the sender gets it),
 * turn it into a client company with its first contact invited and into a project, and set spam
 * aside. At a desktop width and on a phone, the pages fit the screen.
 */
import { expect, type Page, test } from '@playwright/test';
import { EDGE } from './helpers/edge.ts';
import { expectFitsWidth } from './helpers/layout.ts';
import { waitForMail } from './helpers/mailbox.ts';

const DEMO_PASSWORD = 'coppertone-demo';

async function signInAsStaff(page: Page): Promise<void> {
  const login = await page.request.post('/api/identity/login', {
    data: { email: 'staff@demo.test', password: DEMO_PASSWORD },
  });
  expect(login.ok()).toBe(true);
}

test(
  'staff read, search, answer and convert contact messages in the inbox',
  EDGE,
  async ({ page, request, baseURL }) => {
    test.slow();
    const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
    const sender = `ines-${suffix}@example.test`;
    const company = `Inkwell ${suffix} Ltd`;

    // A visitor writes through the contact form.
    await page.goto('/contact');
    await page.getByLabel('Name', { exact: true }).fill('Ines Inkwell');
    await page.getByLabel('E-mail', { exact: true }).fill(sender);
    await page.getByLabel(/^Company/).fill(company);
    await page.getByLabel('How can we help?').fill(`We need a booking system (${suffix}).\nCan we talk next week?`);
    await page.getByRole('button', { name: 'Send message' }).click();
    await expect(page).toHaveURL((url) => url.pathname === '/contact/thanks');
    // Spam, from another address, to set aside later.
    const spam = await request.post('/api/contact/messages', {
      data: { name: 'Cheap Watches', email: `spam-${suffix}@example.test`, message: `Buy watches ${suffix}` },
      headers: { 'x-forwarded-for': '203.0.113.77' },
    });
    expect(spam.status()).toBe(202);

    await signInAsStaff(page);
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto('/staff');
    await page.getByRole('link', { name: 'Inbox', exact: true }).first().click();
    await expect(page).toHaveURL((url) => url.pathname === '/staff/inbox');
    await expect(page.getByRole('heading', { level: 1, name: 'Inbox' })).toBeVisible();

    // Newest first, unread marked.
    const items = page.getByRole('region', { name: 'Messages' }).getByRole('listitem');
    await expect(items.first()).toContainText('Cheap Watches');
    await expect(items.nth(1)).toContainText('Ines Inkwell');
    await expect(items.nth(1)).toContainText('Unread');
    await expectFitsWidth(page);

    // Search finds it by its text.
    await page.getByLabel('Search messages').fill(`booking system (${suffix})`);
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await expect(page.getByText('1 message match')).toBeVisible();
    await page.getByRole('link', { name: /Ines Inkwell/ }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Message from Ines Inkwell' })).toBeVisible();
    await expect(page.getByText('Can we talk next week?')).toBeVisible();
    await expectFitsWidth(page);

    // Reply by e-mail: the sender gets it, and the message counts as handled.
    await page.getByLabel('Your reply to Ines Inkwell').fill(`Gladly. Tuesday at ten? (${suffix})`);
    await page.getByRole('button', { name: 'Send reply' }).click();
    await expect(page.getByRole('status').filter({ hasText: `Reply sent to ${sender}` })).toBeVisible();
    const reply = await waitForMail(request, baseURL, { to: sender, text: `Gladly. Tuesday at ten? (${suffix})` });
    expect(reply.subject).toBe('Re: your message to Coppertone');
    expect(reply.text).toContain('> Can we talk next week?');
    await expect(page.getByText('Handled', { exact: true })).toBeVisible();

    // A client company from the message, its sender invited as the first contact.
    await expect(page.getByLabel('Company name')).toHaveValue(company);
    await page.getByRole('button', { name: 'Create client company' }).click();
    await expect(
      page.getByRole('status').filter({ hasText: `Client company ${company} created. ${sender} was invited` }),
    ).toBeVisible();
    const invitation = await waitForMail(request, baseURL, { to: sender, text: '/auth/register?invite=' });
    expect(invitation.text).toContain(`${company}'s projects`);

    // And a project of that company, described by the message.
    await expect(page.getByLabel('Client company', { exact: true })).toHaveValue(/.+/);
    await page.getByLabel('Project name').fill(`Booking system ${suffix}`);
    await page.getByRole('button', { name: 'Create project' }).click();
    await page
      .getByRole('link', { name: `Booking system ${suffix}` })
      .first()
      .click();
    await expect(page.getByRole('heading', { level: 1, name: `Booking system ${suffix}` })).toBeVisible();

    // Spam is set aside: out of the inbox, under Spam.
    await page.goto(`/staff/inbox?q=${encodeURIComponent(`Buy watches ${suffix}`)}`);
    await page.getByRole('link', { name: /Cheap Watches/ }).click();
    await page.getByRole('button', { name: 'Mark as spam' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Marked as spam' })).toBeVisible();
    // Both messages are dealt with (one answered, one spam): the inbox view has neither.
    await page.goto(`/staff/inbox?q=${suffix}`);
    await expect(page.getByText('No messages match this search.')).toBeVisible();
    await expect(page.getByRole('link', { name: /Cheap Watches/ })).toHaveCount(0);
    await page.getByRole('link', { name: 'Spam', exact: true }).click();
    await expect(page.getByRole('link', { name: /Cheap Watches/ })).toBeVisible();

    // On a phone, both pages fit the screen.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`/staff/inbox?view=all&q=${suffix}`);
    await expect(page.getByRole('link', { name: /Ines Inkwell/ })).toBeVisible();
    await expectFitsWidth(page);
    await page.getByRole('link', { name: /Ines Inkwell/ }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Message from Ines Inkwell' })).toBeVisible();
    await expectFitsWidth(page);
  },
);

test('a client cannot open the inbox', async ({ page }) => {
  const login = await page.request.post('/api/identity/login', {
    data: { email: 'client@demo.test', password: DEMO_PASSWORD },
  });
  expect(login.ok()).toBe(true);
  expect((await page.request.get('/api/contact/messages')).status()).toBe(403);
  await page.goto('/staff/inbox');
  await expect(page).toHaveURL((url) => url.pathname.startsWith('/portal'));
});
