/**
 * Paying invoices as a client, in a real browser against the all-in-one server with the Stripe
 * and BTCPay stand-ins: staff set up two sent invoices through the API; the client pays one by
 * card and sees it paid, and the other with Bitcoin and sees it processing, then paid — each
 * state read from our records, not assumed on the way back from the provider.
 */
import { type APIRequestContext, expect, test } from '@playwright/test';

const PASSWORD = 'coppertone-demo';

async function signInApi(request: APIRequestContext, email: string): Promise<void> {
  const response = await request.post('/api/identity/login', { data: { email, password: PASSWORD } });
  expect(response.status(), await response.text()).toBe(200);
}

/** A sent invoice for Demo Client Ltd, created and sent by staff; answers its number. */
async function sentInvoice(staff: APIRequestContext, companyId: string, label: string, cents: number): Promise<string> {
  const dueOn = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
  const created = await staff.post('/api/billing/invoices', {
    data: {
      companyId,
      currency: 'USD',
      taxRate: 0,
      dueOn,
      notes: `E2E ${label}`,
      lines: [{ description: `${label} work`, quantity: 1, unitPrice: cents }],
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  const { id } = (await created.json()) as { id: string };
  const sent = await staff.post(`/api/billing/invoices/${id}/send`);
  expect(sent.status(), await sent.text()).toBe(200);
  const { number } = (await sent.json()) as { number: string };
  expect(number).toMatch(/^\d{4}-\d{4}$/);
  return number;
}

test('a client pays one invoice by card and another with Bitcoin, and sees each paid', async ({
  page,
  playwright,
  baseURL,
}) => {
  const staff = await playwright.request.newContext({ baseURL });
  await signInApi(staff, 'staff@demo.test');
  const companies = (await (await staff.get('/api/work/companies')).json()) as {
    items: Array<{ id: string; name: string }>;
  };
  const demo = companies.items.find((c) => c.name === 'Demo Client Ltd');
  expect(demo, 'the seeded company').toBeDefined();
  const cardNumber = await sentInvoice(staff, demo?.id ?? '', 'Card', 12_500);
  const bitcoinNumber = await sentInvoice(staff, demo?.id ?? '', 'Bitcoin', 4_250);
  await staff.dispose();

  await signInApi(page.request, 'client@demo.test');
  // The portal's first page lists what there is to pay.
  await page.goto('/portal');
  const toPay = page.getByRole('region', { name: 'To pay' });
  await expect(toPay.getByRole('link', { name: `Invoice ${cardNumber}` })).toBeVisible();
  await expect(toPay.getByRole('link', { name: `Invoice ${bitcoinNumber}` })).toBeVisible();
  await page.goto('/portal/invoices');
  await expect(page.getByRole('heading', { level: 1, name: 'Invoices' })).toBeVisible();

  // By card, through the Stripe stand-in.
  await page.getByRole('link', { name: `Invoice ${cardNumber}` }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Invoice ${cardNumber}` })).toBeVisible();
  await expect(page.getByTestId('amount-due')).toHaveText('$125.00');
  await page.getByRole('button', { name: 'Pay by card' }).click();
  await expect(page.getByText('TEST MODE')).toBeVisible();
  await page.getByRole('button', { name: /^Pay (?!by)/ }).click();
  await expect(page).toHaveURL(
    (url) => url.pathname.startsWith('/portal/invoices/') && url.searchParams.has('attempt'),
  );
  const cardResult = page.getByTestId('payment-result');
  await expect(cardResult).toContainText('Paid', { timeout: 15_000 });
  await expect(page.getByTestId('amount-due')).toHaveText('$0.00');
  await expect(page.getByRole('button', { name: 'Pay by card' })).toHaveCount(0);

  // With Bitcoin, through the BTCPay stand-in: processing first, then paid once it settles.
  await page.goto('/portal/invoices');
  await page.getByRole('link', { name: `Invoice ${bitcoinNumber}` }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Invoice ${bitcoinNumber}` })).toBeVisible();
  await page.getByRole('button', { name: 'Pay with Bitcoin' }).click();
  await expect(page.getByText('TEST MODE')).toBeVisible();
  await page.getByRole('button', { name: 'Pay with Bitcoin' }).click();
  await expect(page).toHaveURL(
    (url) => url.pathname.startsWith('/portal/invoices/') && url.searchParams.has('attempt'),
  );
  const btcResult = page.getByTestId('payment-result');
  await expect(btcResult).toContainText('Processing — waiting for the network to confirm');
  await expect(btcResult).toContainText('Paid', { timeout: 15_000 });
  await expect(btcResult).not.toContainText('Processing');
  await expect(page.getByTestId('amount-due')).toHaveText('$0.00');

  // The list agrees, and neither is left to pay.
  await page.goto('/portal/invoices');
  const row = page.getByRole('row').filter({ hasText: bitcoinNumber });
  await expect(row).toContainText('Paid');
  await page.goto('/portal');
  await expect(page.getByRole('heading', { level: 2, name: 'Your projects' })).toBeVisible();
  for (const number of [cardNumber, bitcoinNumber]) {
    await expect(page.getByRole('link', { name: `Invoice ${number}` })).toHaveCount(0);
  }
});

test('staff create an invoice with a live total, see field messages, and send it', async ({ page }) => {
  await signInApi(page.request, 'staff@demo.test');
  await page.goto('/staff/invoices/new');
  await expect(page.getByRole('heading', { level: 1, name: 'New invoice' })).toBeVisible();
  await page.getByRole('button', { name: 'Save draft' }).click();
  await expect(page.getByRole('alert').first()).toContainText('Please correct the fields');
  await expect(page.getByLabel('Company')).toBeFocused();

  await page.getByLabel('Company').selectOption({ label: 'Demo Client Ltd' });
  await page.getByLabel('Tax rate (%)').fill('10');
  await page.getByLabel('Description of line 1').fill('Discovery workshop');
  await page.getByLabel('Quantity of line 1').fill('1.5');
  await page.getByLabel('Unit price (USD) of line 1').fill('200.10');
  await page.getByRole('button', { name: 'Add a line' }).click();
  await page.getByLabel('Description of line 2').fill('Hosting');
  await page.getByLabel('Unit price (USD) of line 2').fill('0.29');
  // 1.5 × 200.10 = 300.15; + 0.29 = 300.44; tax 30.044 → 30.04; total 330.48.
  await expect(page.getByTestId('live-total')).toHaveText('$330.48');
  await page.getByRole('button', { name: 'Save draft' }).click();

  await expect(page.getByRole('heading', { level: 1, name: 'Draft invoice' })).toBeVisible();
  await expect(page.getByTestId('amount-due')).toHaveText('$330.48');
  await page.getByRole('button', { name: 'Send to client' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Sent as invoice' })).toBeVisible();
  const heading = page.getByRole('heading', { level: 1, name: /^Invoice \d{4}-\d{4}$/ });
  await expect(heading).toBeVisible();
  await expect(page.getByRole('button', { name: 'Print / Save as PDF' })).toBeVisible();
  const title = (await heading.textContent())?.trim() ?? '';

  // Waiting for payment: listed under that filter (a shareable URL), and the paid demo invoice is not.
  await page.goto('/staff/invoices');
  await page.getByLabel('Status').selectOption({ label: 'Awaiting payment' });
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect(page).toHaveURL((url) => url.searchParams.get('status') === 'open');
  const rows = page.getByRole('row');
  await expect(rows.filter({ hasText: title.replace('Invoice ', '') })).toContainText('Sent');
  for (const status of ['Paid', 'Draft', 'Void']) {
    await expect(rows.filter({ has: page.getByText(status, { exact: true }) })).toHaveCount(0);
  }
});
