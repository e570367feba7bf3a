/**
 * Paying invoices as a client, in a real browser against the all-in-one server with the Stripe
 * and BTCPay stand-ins: staff set up two sent invoices through the API; the client pays one by
 * card and sees it paid, and the other with Bitcoin and sees it processing, then paid — each
 * state read from our records, not assumed on the way back from the provider.
 */
import { type APIRequestContext, expect, test } from '@playwright/test';
import { EDGE } from './helpers/edge.ts';
import { apiContextSignedIn, signInApi } from './helpers/sign-in.ts';

/** The id of the seeded company, as staff see it. */
async function demoCompanyId(staff: APIRequestContext): Promise<string> {
  const companies = (await (await staff.get('/api/work/companies')).json()) as {
    items: Array<{ id: string; name: string }>;
  };
  const demo = companies.items.find((c) => c.name === 'Demo Client Ltd');
  expect(demo, 'the seeded company').toBeDefined();
  return demo?.id ?? '';
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

test(
  'a client pays one invoice by card and another with Bitcoin, and sees each paid',
  EDGE,
  async ({ page, playwright, baseURL }) => {
    const staff = await apiContextSignedIn(playwright, baseURL, 'staff@demo.test');
    const demo = await demoCompanyId(staff);
    const cardNumber = await sentInvoice(staff, demo, 'Card', 12_500);
    const bitcoinNumber = await sentInvoice(staff, demo, 'Bitcoin', 4_250);
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
  },
);

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

/**
 * Issue 12 §1, step by step: Bitcoin checkout opened and left with Back, then paid by card. The old
 * BTCPay link no longer takes payment; a Bitcoin transaction that was already on its way lands all
 * the same and shows as "Overpaid — refund due" to client and staff, never as a silent double
 * payment, and staff refund it through BTCPay.
 */
test(
  'an invoice is never silently paid twice: the earlier Bitcoin checkout is closed, money that lands anyway is refundable',
  EDGE,
  async ({ page, playwright, baseURL }) => {
    const staff = await apiContextSignedIn(playwright, baseURL, 'staff@demo.test');
    const number = await sentInvoice(staff, await demoCompanyId(staff), 'Twice', 228_000);
    await staff.dispose();

    await signInApi(page.request, 'client@demo.test');
    await page.goto('/portal/invoices');
    await page.getByRole('link', { name: `Invoice ${number}` }).click();
    await expect(page.getByTestId('amount-due')).toHaveText('$2,280.00');
    const invoiceUrl = page.url();

    // Pay with Bitcoin, then Back from the BTCPay page.
    await page.getByRole('button', { name: 'Pay with Bitcoin' }).click();
    await expect(page.getByText('BTCPay stand-in')).toBeVisible();
    const bitcoinUrl = page.url();
    await page.goBack();
    await expect(page.getByRole('heading', { level: 1, name: `Invoice ${number}` })).toBeVisible();

    // Pay by card: the invoice is paid.
    await page.getByRole('button', { name: 'Pay by card' }).click();
    await expect(page.getByText('Stripe stand-in')).toBeVisible();
    await page.getByRole('button', { name: /^Pay (?!by)/ }).click();
    await expect(page.getByTestId('payment-result')).toContainText('Paid', { timeout: 15_000 });
    await expect(page.getByTestId('amount-due')).toHaveText('$0.00');

    // The earlier Bitcoin checkout, opened again from the history: closed at BTCPay, nothing to pay.
    await page.goto(bitcoinUrl);
    await expect(page.getByRole('alert')).toContainText('This invoice is no longer payable');
    await expect(page.getByRole('button', { name: 'Pay with Bitcoin' })).toHaveCount(0);

    // A transaction broadcast before it was closed lands anyway: recorded, and flagged.
    const btcpayInvoice = new URL(bitcoinUrl).pathname.split('/').at(-1);
    const control = process.env.FAKES_CONTROL_TOKEN; // the container stack's (control-guard.ts)
    // The stand-in's own address, or the all-in-one server's /dev/btcpay in front of it.
    const btcpayBase = bitcoinUrl.slice(0, bitcoinUrl.lastIndexOf('/i/'));
    const landed = await page.request.post(
      `${btcpayBase}/_control/invoices/${btcpayInvoice}/pay-invalidated`,
      control ? { headers: { 'x-control-token': control } } : {},
    );
    expect(landed.status()).toBe(200);
    await page.goto(invoiceUrl);
    await expect(page.getByRole('heading', { level: 1, name: `Invoice ${number}` })).toBeVisible();
    await expect(page.getByText('Overpaid — refund due').first()).toBeVisible();
    await expect(page.getByTestId('overpaid')).toContainText('$2,280.00 more than the total was paid');
    await expect(page.getByText('Paid in full')).toHaveCount(0);

    // Staff see it on the billing page and refund it through BTCPay from the invoice.
    const staffPage = await (await page.context().browser()?.newContext({ baseURL }))?.newPage();
    if (!staffPage) throw new Error('no browser for staff');
    await signInApi(staffPage.request, 'staff@demo.test');
    await staffPage.goto('/staff/billing');
    const due = staffPage.getByRole('region', { name: 'Overpaid — refund due' });
    await expect(due).toContainText(`Invoice ${number}`);
    // Listed with its company and issue date, like every invoice list.
    const issued = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric' }).format(
      new Date(),
    );
    await expect(due).toContainText(`Invoice ${number} · Demo Client Ltd · ${issued}`);
    await due.getByRole('link', { name: `Invoice ${number}` }).click();
    await expect(staffPage.getByRole('heading', { level: 1, name: `Invoice ${number}` })).toBeVisible();
    const refund = staffPage.getByRole('region', { name: 'Refund' });
    await expect(refund.getByLabel('Payment')).toContainText('Bitcoin (BTCPay)');
    await expect(refund.getByLabel('Amount (USD)')).toHaveValue('2280.00');
    await refund.getByLabel('Note (kept with the refund)').fill('Paid twice');
    await refund.getByRole('button', { name: 'Refund' }).click();
    await expect(refund.getByRole('status')).toContainText('Refunded $2,280.00.');
    await expect(refund.getByRole('link', { name: /pull-payments/ })).toBeVisible();
    await expect(staffPage.getByTestId('overpaid')).toHaveCount(0);
    await staffPage.context().close();

    await page.reload();
    await expect(page.getByRole('heading', { level: 1, name: `Invoice ${number}` })).toBeVisible();
    await expect(page.getByText('Paid in full. Thank you.')).toBeVisible();
    await expect(page.getByText('Paid twice')).toBeVisible();
  },
);
