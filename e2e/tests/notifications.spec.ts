/**
 * Each person chooses their e-mail notifications on the account page: staff see theirs (all on at
 * first), turn one off, and find it off after a reload; the panel fits a phone and passes axe.
 */
import { AxeBuilder } from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { expectFitsWidth } from './helpers/layout.ts';

test('staff turn an e-mail notification off on their account page, and it stays off', async ({ page }) => {
  const login = await page.request.post('/api/identity/login', {
    data: { email: 'staff@demo.test', password: 'coppertone-demo' },
  });
  expect(login.ok()).toBe(true);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/account');
  const panel = page.getByRole('region', { name: 'E-mail notifications' });
  const assigned = panel.getByRole('checkbox', { name: 'Someone assigns a task to me' });
  const paid = panel.getByRole('checkbox', { name: 'A client pays an invoice' });
  await expect(assigned).toBeChecked();
  await expect(paid).toBeChecked();
  await expectFitsWidth(page);
  const { violations } = await new AxeBuilder({ page }).analyze();
  expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);

  try {
    await assigned.uncheck();
    await panel.getByRole('button', { name: 'Save choices' }).click();
    await expect(panel.getByRole('status')).toContainText('Your choices are saved.');
    await page.reload();
    await expect(assigned).not.toBeChecked();
    await expect(paid).toBeChecked();
  } finally {
    // The demo's staff account gets its mail again (other journeys expect it).
    const restore = await page.request.patch('/api/identity/me/notifications', {
      data: { on: { task_assigned: true, payment_received: true } },
    });
    expect(restore.status()).toBe(200);
  }
  await page.reload();
  await expect(assigned).toBeChecked();
});
