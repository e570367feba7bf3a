/**
 * The README's "Tour by role", walked on the demo data: a visitor reads the site and writes through
 * the contact form; someone registers, confirms their address and waits until staff link them to
 * Demo Client Ltd, then follows the company's projects and pays its open invoice (the Bitcoin page
 * opened, then paid by card) and gets a receipt; staff work in the workspace, the board, a task, the
 * invoices and the inbox; the operator reads the demo mailbox. Every stop asserts what the page shows.
 *
 * With `TOUR_SHOTS=<dir>` (`npm run docs:tour -w @coppertone/e2e`, on a new database) each stop is
 * also saved as the README's picture (helpers/tour.ts); otherwise nothing is written.
 */
import { type APIRequestContext, type Browser, expect, type Page, test } from '@playwright/test';
import { linkFromMail, waitForMail } from './helpers/mailbox.ts';
import { signInApi } from './helpers/sign-in.ts';
import { DESKTOP, shot, takingShots } from './helpers/tour.ts';

// The demo data (projects, tasks, invoices) is seeded only by the all-in-one server's first start;
// a deployment seeded with the accounts alone has none to tour.
test.skip(!!process.env.E2E_BASE_URL, 'the tour walks the demo data of the all-in-one server (npm test)');
test.describe.configure({ mode: 'serial' });
test.use({ viewport: DESKTOP });

const COMPANY = 'Demo Client Ltd';
// The seeded invoice for the relaunch's first milestone: 20 hours at $95 plus 20 % tax.
const DUE = '$2,280.00';
const DUE_CENTS = 228_000;
// Plain names on the pictures; elsewhere unique, as every journey shares the run's database.
const tag = takingShots ? '' : `-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const visitor = { name: 'Maya Patel', email: `maya${tag}@patel-bakery.example`, company: 'Patel Bakery' };
const client = { name: 'Robin Ortega', email: `robin${tag}@demo-client.example` };

/** What the tour's later stops need from its earlier ones. */
const state = { projectId: '', taskId: '', invoiceId: '', number: '' };

async function staffPage(browser: Browser, baseURL: string | undefined): Promise<Page> {
  const page = await (await browser.newContext({ baseURL, viewport: DESKTOP })).newPage();
  await signInApi(page.request, 'staff@demo.test');
  return page;
}

const h1 = (page: Page, name: string | RegExp) => page.getByRole('heading', { level: 1, name });

/**
 * The seeded relaunch project, its task in review and its open invoice, as staff see them. A run that
 * already paid that invoice (a retry) gets a new one like it, sent the same way.
 */
async function demoRecords(staff: APIRequestContext): Promise<void> {
  const companies = (await (await staff.get('/api/work/companies')).json()) as {
    items: Array<{ id: string; name: string }>;
  };
  const companyId = companies.items.find((c) => c.name === COMPANY)?.id;
  expect(companyId, 'the seeded company').toBeDefined();
  const projects = (await (await staff.get(`/api/work/projects?company=${companyId}&pageSize=100`)).json()) as {
    items: Array<{ id: string; name: string }>;
  };
  state.projectId = projects.items.find((p) => p.name === 'Website relaunch')?.id ?? '';
  expect(state.projectId, 'the seeded project Website relaunch').not.toBe('');
  const tasks = (await (await staff.get(`/api/work/projects/${state.projectId}/tasks`)).json()) as {
    items: Array<{ id: string; title: string }>;
  };
  state.taskId = tasks.items.find((t) => t.title === 'Homepage and service page designs')?.id ?? '';
  expect(state.taskId, 'the seeded task in review').not.toBe('');

  const open = (await (
    await staff.get(`/api/billing/invoices?status=open&company=${companyId}&pageSize=100`)
  ).json()) as {
    items: Array<{ id: string; number: string; projectId: string | null; total: number }>;
  };
  let invoice = open.items.find((i) => i.projectId === state.projectId && i.total === DUE_CENTS);
  if (!invoice) {
    const created = await staff.post('/api/billing/invoices', {
      data: {
        companyId,
        projectId: state.projectId,
        currency: 'USD',
        taxRate: 20,
        dueOn: new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10),
        lines: [
          { description: 'Discovery and content inventory (hours)', quantity: 6, unitPrice: 9_500 },
          { description: 'Homepage and service page designs (hours)', quantity: 14, unitPrice: 9_500 },
        ],
      },
    });
    expect(created.status(), await created.text()).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const sent = await staff.post(`/api/billing/invoices/${id}/send`);
    expect(sent.status(), await sent.text()).toBe(200);
    invoice = {
      id,
      number: ((await sent.json()) as { number: string }).number,
      projectId: state.projectId,
      total: DUE_CENTS,
    };
  }
  state.invoiceId = invoice.id;
  state.number = invoice.number;
}

test('visitor: the public site and the contact form', async ({ page }) => {
  await page.goto('/');
  await expect(h1(page, 'Dependable software for small businesses')).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'What we do' })).toBeVisible();
  await shot(page, 'visitor-home', { phone: true });

  await page.getByRole('navigation').getByRole('link', { name: 'Contact', exact: true }).first().click();
  await expect(h1(page, "Let's talk")).toBeVisible();
  await page.getByLabel('Name', { exact: true }).fill(visitor.name);
  await page.getByLabel('E-mail', { exact: true }).fill(visitor.email);
  await page.getByLabel(/^Company/).fill(visitor.company);
  await page
    .getByLabel('How can we help?')
    .fill('We would like customers to order cakes online and pay when they order. Could we talk next week?');
  await shot(page, 'visitor-contact', { at: page.locator('form').filter({ hasText: 'How can we help?' }) });
  await page.getByRole('button', { name: 'Send message' }).click();
  await expect(page).toHaveURL((url) => url.pathname === '/contact/thanks');
  await expect(h1(page, 'Thank you — we have your message')).toBeVisible();
  await shot(page, 'visitor-thanks');
});

test('client: register, confirm, wait to be linked, follow the projects, pay an invoice, get a receipt', async ({
  page,
  browser,
  request,
  baseURL,
}) => {
  test.slow();
  // Registering on one's own, from the sign-in page.
  await page.goto('/auth/login');
  await page.getByRole('link', { name: 'Create an account' }).click();
  await expect(h1(page, 'Create an account')).toBeVisible();
  await page.getByLabel('Your name').fill(client.name);
  await page.getByLabel('E-mail').fill(client.email);
  await page.getByLabel('Password', { exact: true }).fill('orange harbour lanterns');
  await shot(page, 'client-register');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(h1(page, 'Check your e-mail')).toBeVisible();
  await expect(page.getByRole('main')).toContainText(client.email);

  // The mailed link confirms the address and signs them in: they wait until staff link them.
  await page.goto(await linkFromMail(request, baseURL, client.email, '/auth/confirm'));
  await expect(h1(page, 'Waiting for access')).toBeVisible();
  await expect(page.getByRole('main')).toContainText('Coppertone will link your account to your company');
  await shot(page, 'client-waiting');

  // Staff see them waiting on the workspace's first page and link them to their company.
  const staff = await staffPage(browser, baseURL);
  await demoRecords(staff.request);
  await staff.goto('/staff');
  await expect(h1(staff, 'Hello, Sam')).toBeVisible();
  const waiting = staff.getByRole('listitem').filter({ hasText: client.email });
  await expect(waiting).toContainText(client.name);
  await waiting.getByLabel(`Link ${client.name} to`).selectOption({ label: COMPANY });
  await shot(staff, 'staff-workspace', { at: staff.getByRole('region', { name: /Waiting for access/ }) });
  await waiting.getByRole('button', { name: 'Link Robin' }).click();
  await expect(
    staff.getByRole('status').filter({ hasText: `${client.name} is now linked to ${COMPANY} and was told by e-mail.` }),
  ).toBeVisible();
  await staff.context().close();

  // Their open page becomes the company's portal, with the invoice to pay.
  await expect(h1(page, COMPANY)).toBeVisible({ timeout: 15_000 });
  await expect(page.getByText('Welcome, Robin.')).toBeVisible();
  await expect(page.getByRole('region', { name: 'Your projects', exact: true })).toBeVisible();
  if (takingShots) {
    // On the demo's own data the open invoice is the only one to pay (other journeys add theirs).
    await expect(page.getByRole('region', { name: 'To pay' })).toContainText(`Invoice ${state.number}`);
  }
  await shot(page, 'client-portal', { phone: true });

  // A project: its tasks and where each stands, updated live.
  await page.goto(`/portal/projects/${state.projectId}`);
  await expect(h1(page, 'Website relaunch')).toBeVisible();
  await expect(page.getByText('Updates live')).toBeVisible();
  const designs = page.locator('li.task').filter({ hasText: 'Homepage and service page designs' });
  await expect(designs).toContainText('In review');
  // Staff-only work is not shown to the client.
  await expect(page.getByText('Staging server and deploy pipeline')).toHaveCount(0);
  await shot(page, 'client-project');

  // The invoices, and the open one.
  await page.goto('/portal/invoices');
  await expect(h1(page, 'Invoices')).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: state.number })).toContainText(DUE);
  await shot(page, 'client-invoices');
  await page.goto(`/portal/invoices/${state.invoiceId}`);
  await expect(h1(page, `Invoice ${state.number}`)).toBeVisible();
  await expect(page.getByTestId('amount-due')).toHaveText(DUE);
  const payCard = page.getByRole('button', { name: 'Pay by card' });
  await expect(page.getByRole('link', { name: `Download PDF of invoice ${state.number}` })).toBeVisible();
  await shot(page, 'client-invoice');

  // Bitcoin: the BTCPay stand-in's invoice page; Back leaves it unpaid.
  await page.getByRole('button', { name: 'Pay with Bitcoin' }).click();
  await expect(page.getByText('BTCPay stand-in')).toBeVisible();
  await expect(page.getByText('TEST MODE')).toBeVisible();
  await shot(page, 'client-pay-bitcoin');
  await page.goBack();
  await expect(h1(page, `Invoice ${state.number}`)).toBeVisible();

  // By card, through the Stripe stand-in's checkout: paid, as our records say.
  await payCard.click();
  await expect(page.getByText('Stripe stand-in')).toBeVisible();
  await expect(page.getByText('TEST MODE')).toBeVisible();
  await shot(page, 'client-pay-card');
  await page.getByRole('button', { name: /^Pay (?!by)/ }).click();
  await expect(page.getByTestId('payment-result')).toContainText('Paid', { timeout: 15_000 });
  await expect(page.getByTestId('amount-due')).toHaveText('$0.00');
  await expect(payCard).toHaveCount(0);
  await shot(page, 'client-paid', { phone: true });

  const receipt = await waitForMail(request, baseURL, { to: client.email, text: `invoice ${state.number}` });
  expect(receipt.subject).toBe(`Receipt: 2280.00 USD paid on invoice ${state.number}`);
});

test('staff: workspace, projects, the board, a task, invoices and the inbox', async ({ page }) => {
  await signInApi(page.request, 'staff@demo.test');
  await page.goto('/staff/projects');
  await expect(h1(page, 'Projects')).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'New project' })).toBeVisible();
  const count = page.getByRole('region', { name: 'Project list' }).getByRole('status');
  await expect(count).toHaveText(/^\s*\d+\s+projects\s*$/);
  expect(
    Number.parseInt((await count.textContent()) ?? '', 10),
    'the three demo projects at least',
  ).toBeGreaterThanOrEqual(3);
  if (takingShots) {
    // On the demo's own data the list is its three projects (other journeys add theirs, a page of them).
    for (const name of ['Website relaunch', 'Support retainer', 'Brand guidelines'])
      await expect(page.getByRole('link', { name })).toBeVisible();
  }
  await shot(page, 'staff-projects');

  // The board: five columns with a count each, every card movable only where the workflow allows.
  await page.goto(`/staff/projects/${state.projectId}`);
  await expect(h1(page, 'Website relaunch')).toBeVisible();
  const column = (status: string) => page.locator(`[data-column="${status}"]`);
  await expect(column('in_review').getByRole('link', { name: 'Homepage and service page designs' })).toBeVisible();
  await expect(column('blocked').getByRole('link', { name: 'Redirects from old campaign URLs' })).toBeVisible();
  await expect(column('done').getByRole('link', { name: 'Staging server and deploy pipeline' })).toBeVisible();
  await shot(page, 'staff-board', { at: page.locator('section[aria-labelledby="board-heading"]'), phone: true });

  // A task: its details, hours and comments (the client sees only those meant for them).
  await page.goto(`/staff/tasks/${state.taskId}`);
  await expect(h1(page, 'Homepage and service page designs')).toBeVisible();
  await expect(page.getByText('The designs are ready for your review')).toBeVisible();
  await shot(page, 'staff-task');

  // Invoices, newest first, each with its company, amount and date; filtered to the paid ones, the
  // client's payment already shows.
  await page.goto('/staff/invoices');
  await expect(h1(page, 'Invoices')).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: COMPANY }).first()).toBeVisible();
  await shot(page, 'staff-invoices');
  await page.getByLabel('Status').selectOption({ label: 'Paid' });
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect(page).toHaveURL((url) => url.searchParams.get('status') === 'paid');
  const row = page.getByRole('row').filter({ hasText: state.number });
  await expect(row).toContainText(COMPANY);
  await expect(row).toContainText(DUE);
  await expect(row).toContainText('Paid');
  await row.getByRole('link', { name: `Invoice ${state.number}` }).click();
  await expect(h1(page, `Invoice ${state.number}`)).toBeVisible();
  await expect(page.getByTestId('amount-due')).toHaveText('$0.00');
  // The card payment, and the Bitcoin checkout it replaced, closed at BTCPay.
  await expect(page.getByRole('region', { name: 'Payments' })).toContainText(`${DUE} Card (Stripe) · Full`);
  const attempts = page.getByRole('region', { name: 'Checkout attempts' }).getByRole('listitem');
  await expect(attempts.filter({ hasText: 'Bitcoin (BTCPay)' })).toContainText('Expired');
  await expect(attempts.filter({ hasText: 'Card (Stripe)' })).toContainText('Paid');
  await shot(page, 'staff-invoice');

  // The inbox: the visitor's message, unread, then read with its reply and conversion forms.
  await page.goto('/staff/inbox');
  await expect(h1(page, 'Inbox')).toBeVisible();
  // Newest first: the visitor's message (the run's latest) heads the list.
  const message = page.getByRole('region', { name: 'Messages' }).getByRole('listitem').first();
  await expect(message).toContainText(`Unread: ${visitor.name}`);
  await expect(message).toContainText('order cakes online');
  await shot(page, 'staff-inbox');
  await message.getByRole('link').click();
  await expect(h1(page, `Message from ${visitor.name}`)).toBeVisible();
  await expect(page.getByRole('main')).toContainText(visitor.email);
  await expect(page.getByText('Could we talk next week?')).toBeVisible();
  await expect(page.getByLabel('Company name')).toHaveValue(visitor.company);
  await shot(page, 'staff-message');
});

test('operator: the demo mailbox holds every mail the platform sent', async ({ page }) => {
  // This browser runs on the server's own machine, which the mailbox answers without a sign-in.
  await page.goto('/dev/mailbox');
  await expect(page.getByText('demo mode: nothing here left this machine')).toBeVisible();
  await expect(
    page.getByRole('heading', { level: 2, name: `Receipt: 2280.00 USD paid on invoice ${state.number}` }).first(),
  ).toBeVisible();
  await expect(
    page.getByRole('heading', { level: 2, name: `You can now see ${COMPANY} on Coppertone` }).first(),
  ).toBeVisible();
  await shot(page, 'operator-mailbox', { at: page.locator('article').filter({ hasText: client.email }).first() });
});
