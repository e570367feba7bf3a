/**
 * Documents and receipts: a client pays an invoice by card and gets a receipt by e-mail, staff
 * get a "payment received" notice, and the invoice page (client and staff, desktop and phone) shows
 * the seller block and payment terms and links to the PDF, which downloads and names the seller.
 */
import { type APIRequestContext, expect, type Page, test } from '@playwright/test';
import { EDGE } from './helpers/edge.ts';
import { expectFitsWidth } from './helpers/layout.ts';
import { waitForMail } from './helpers/mailbox.ts';
import { apiContextSignedIn, signInApi } from './helpers/sign-in.ts';

/** A sent invoice of Demo Client Ltd for `cents` USD; answers its id and number. */
async function sentInvoice(staff: APIRequestContext, cents: number, label: string) {
  const companies = (await (await staff.get('/api/work/companies')).json()) as {
    items: Array<{ id: string; name: string }>;
  };
  const companyId = companies.items.find((c) => c.name === 'Demo Client Ltd')?.id;
  expect(companyId, 'the seeded company').toBeDefined();
  const created = await staff.post('/api/billing/invoices', {
    data: {
      companyId,
      currency: 'USD',
      taxRate: 0,
      dueOn: new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10),
      lines: [{ description: `${label} work`, quantity: 1, unitPrice: cents }],
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  const { id } = (await created.json()) as { id: string };
  const sent = await staff.post(`/api/billing/invoices/${id}/send`);
  expect(sent.status(), await sent.text()).toBe(200);
  return { id, number: ((await sent.json()) as { number: string }).number };
}

async function expectDocuments(page: Page, number: string): Promise<void> {
  await expect(page.getByRole('heading', { level: 1, name: `Invoice ${number}` })).toBeVisible();
  const seller = page.getByRole('group', { name: 'From' }).or(page.locator('address[aria-label="From"]'));
  await expect(seller.first()).toContainText('Tax number');
  await expect(page.getByRole('region', { name: 'Payment terms' })).toContainText('Payment is due');
  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: `Download PDF of invoice ${number}` }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe(`invoice-${number}.pdf`);
  await expectFitsWidth(page);
}

test(
  'a client pays by card, gets a receipt, staff are told; both download the PDF',
  EDGE,
  async ({ page, playwright, request, baseURL }) => {
    test.slow();
    const staff = await apiContextSignedIn(playwright, baseURL, 'staff@demo.test');
    const { id, number } = await sentInvoice(staff, 9_900, 'Receipt');
    await staff.dispose();

    await signInApi(page.request, 'client@demo.test');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`/portal/invoices/${id}`);
    await expectDocuments(page, number);
    await page.getByRole('button', { name: 'Pay by card' }).click();
    await expect(page.getByText('TEST MODE')).toBeVisible();
    await page.getByRole('button', { name: /^Pay (?!by)/ }).click();
    await expect(page.getByTestId('payment-result')).toContainText('Paid', { timeout: 15_000 });

    const receipt = await waitForMail(request, baseURL, { to: 'client@demo.test', text: `invoice ${number}` });
    expect(receipt.subject).toBe(`Receipt: 99.00 USD paid on invoice ${number}`);
    expect(receipt.text).toContain('by card');
    expect(receipt.text).toContain(`/api/billing/invoices/${id}/pdf`);
    const notice = await waitForMail(request, baseURL, { to: 'staff@demo.test', text: `on invoice ${number}` });
    expect(notice.subject).toBe(`Payment received: 99.00 USD on invoice ${number} (Demo Client Ltd)`);

    // Staff, at a desktop width, see the same document and download it too.
    await page.context().clearCookies();
    await signInApi(page.request, 'staff@demo.test');
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`/staff/invoices/${id}`);
    await expectDocuments(page, number);
  },
);
