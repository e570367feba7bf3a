/**
 * Amounts typed by people, in a real browser: staff type a unit price with a decimal comma and get
 * exactly that amount (it was once saved a hundred times larger), an ambiguous "1,250" is refused
 * with how to write it, a past due date needs confirming, and the client sees an unpaid invoice
 * past its due date as Overdue.
 */
import { expect, type Page, test } from '@playwright/test';
import { signInApi } from './helpers/sign-in.ts';

async function startInvoice(page: Page, description: string, unitPrice: string): Promise<void> {
  await page.goto('/staff/invoices/new');
  await expect(page.getByRole('heading', { level: 1, name: 'New invoice' })).toBeVisible();
  await page.getByLabel('Company').selectOption({ label: 'Demo Client Ltd' });
  await page.getByLabel('Description of line 1').fill(description);
  await page.getByLabel('Quantity of line 1').fill('1');
  await page.getByLabel('Unit price (USD) of line 1').fill(unitPrice);
}

test('staff type 12,50 and get $12.50; an ambiguous 1,250 is refused with how to write it', async ({ page }) => {
  await signInApi(page.request, 'staff@demo.test');

  await startInvoice(page, 'Ambiguous amount', '1,250');
  await page.getByRole('button', { name: 'Save draft' }).click();
  await expect(page.getByText('“1,250” is ambiguous: write 1250 or 1.25')).toBeVisible();
  await expect(page).toHaveURL(/\/staff\/invoices\/new$/);

  await startInvoice(page, 'Decimal comma', '12,50');
  await expect(page.getByTestId('live-total')).toHaveText('$12.50');
  await page.getByRole('button', { name: 'Save draft' }).click();
  await expect(page).toHaveURL(/\/staff\/invoices\/[0-9a-f-]{36}$/);
  const id = page.url().split('/').pop() ?? '';
  const saved = await page.request.get(`/api/billing/invoices/${id}`);
  expect(saved.status()).toBe(200);
  expect(await saved.json()).toMatchObject({ total: 1250, lines: [{ description: 'Decimal comma', unitPrice: 1250 }] });
  await expect(page.getByText('$12.50').first()).toBeVisible();
});

test('a past due date needs confirming, and the client then sees the invoice as Overdue', async ({ page }) => {
  await signInApi(page.request, 'staff@demo.test');
  await startInvoice(page, 'Late work', '80');
  await page.getByLabel('Due date').fill('2001-01-01');
  await expect(page.getByText('This due date has passed')).toBeVisible();
  await page.getByRole('button', { name: 'Save draft' }).click();
  await expect(page.getByText('This date has passed: tick “Keep this past due date”')).toBeVisible();
  await page.getByLabel('Keep this past due date').check();
  await page.getByRole('button', { name: 'Save draft' }).click();
  await expect(page).toHaveURL(/\/staff\/invoices\/[0-9a-f-]{36}$/);
  await page.getByRole('button', { name: 'Send to client' }).click();
  await expect(page.getByText(/E-mailed a link to .*client@demo\.test/)).toBeVisible();
  const number = (await (await page.request.get(`/api/billing/invoices/${page.url().split('/').pop()}`)).json())
    .number as string;
  await expect(page.locator('.status').first()).toHaveText('Overdue');

  await page.context().clearCookies();
  await signInApi(page.request, 'client@demo.test');
  await page.goto('/portal/invoices');
  const row = page.getByRole('row', { name: new RegExp(`Invoice ${number}`) });
  await expect(row.getByText('Overdue')).toBeVisible();
});
