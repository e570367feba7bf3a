/**
 * The pages work under their Content-Security-Policy: public pages, the sign-in form and the staff
 * and client areas load, run and talk to the API with no script, style, image or connection refused
 * by the policy. Each answer says it may not be framed. A wrong password says so without a
 * "Reference" (a request id is shown only for a failure on our side).
 */
import { expect, type Page, test } from '@playwright/test';
import { EDGE } from './helpers/edge.ts';

const DEMO_PASSWORD = 'coppertone-demo';

/** Every policy violation the page reports, from the event and from the console. */
async function watchViolations(page: Page): Promise<string[]> {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  await page.exposeFunction('reportViolation', (text: string) => violations.push(text));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { reportViolation: (t: string) => void }).reportViolation(
        `${e.violatedDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`,
      );
    });
  });
  return violations;
}

/**
 * A project and a sent invoice of the company, made by staff through the API: the pages below open
 * the first of each, and the container stack seeds accounts only.
 */
async function projectAndInvoiceFor(companyName: string, staff: Page) {
  const companies = (await (await staff.request.get('/api/work/companies')).json()) as {
    items: Array<{ id: string; name: string }>;
  };
  const companyId = companies.items.find((c) => c.name === companyName)?.id;
  expect(companyId, companyName).toBeDefined();
  const project = await staff.request.post('/api/work/projects', {
    data: { companyId, name: `Policy check ${Date.now()}` },
  });
  expect(project.status(), await project.text()).toBe(201);
  const dueOn = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
  const invoice = await staff.request.post('/api/billing/invoices', {
    data: {
      companyId,
      currency: 'USD',
      taxRate: 0,
      dueOn,
      lines: [{ description: 'Policy check', quantity: 1, unitPrice: 1_000 }],
    },
  });
  expect(invoice.status(), await invoice.text()).toBe(201);
  const { id } = (await invoice.json()) as { id: string };
  const sent = await staff.request.post(`/api/billing/invoices/${id}/send`);
  expect(sent.status(), await sent.text()).toBe(200);
}

async function signIn(page: Page, email: string, landing: string) {
  await page.goto('/auth/login');
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page).toHaveURL((url) => url.pathname === landing);
}

test('public pages and the sign-in form run under the policy, and may not be framed', EDGE, async ({ page }) => {
  const violations = await watchViolations(page);
  for (const path of ['/', '/services', '/about', '/contact', '/auth/login', '/auth/register']) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(200);
    await expect(page.locator('h1').first(), path).toBeVisible();
    expect(await page.locator('meta[http-equiv="content-security-policy"]').count(), path).toBe(1);
    const headers = response?.headers() ?? {};
    expect(headers['content-security-policy'], path).toContain("frame-ancestors 'none'");
    expect(headers['permissions-policy'], path).toContain('camera=()');
  }
  // The contact form's own script still runs: it checks the fields in the page before sending.
  await page.goto('/contact');
  await page.getByRole('button', { name: /send/i }).click();
  await expect(page.locator('[aria-invalid="true"]').first()).toBeVisible();
  expect(violations).toEqual([]);
});

test('a wrong password is said plainly, with no reference to quote', async ({ page }) => {
  const violations = await watchViolations(page);
  await page.goto('/auth/login');
  await page.getByLabel('E-mail').fill('staff@demo.test');
  await page.getByLabel('Password', { exact: true }).fill('not-the-password-at-all');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  const alert = page.locator('[data-form-alert]');
  await expect(alert).toContainText(/password/i);
  await expect(alert).not.toContainText('Reference');
  expect(violations).toEqual([]);
});

test('the staff area and the client portal run under the policy, live updates included', EDGE, async ({ browser }) => {
  const staff = await browser.newPage();
  const staffViolations = await watchViolations(staff);
  await signIn(staff, 'staff@demo.test', '/staff');
  await projectAndInvoiceFor('Demo Client Ltd', staff);
  for (const path of ['/staff/projects', '/staff/tasks', '/staff/invoices', '/staff/invoices/new', '/staff/billing']) {
    await staff.goto(path);
    await expect(staff.locator('h1').first(), path).toBeVisible();
  }
  await staff.goto('/staff/projects');
  await staff.locator('main a[href^="/staff/projects/"]').first().click();
  await expect(staff).toHaveURL(/\/staff\/projects\/[^/]+$/);
  await expect(staff.locator('h1').first()).toBeVisible();
  expect(staffViolations).toEqual([]);

  const client = await browser.newPage();
  const clientViolations = await watchViolations(client);
  await signIn(client, 'client@demo.test', '/portal');
  for (const path of ['/portal/projects', '/portal/invoices', '/account']) {
    await client.goto(path);
    await expect(client.locator('h1').first(), path).toBeVisible();
  }
  await client.goto('/portal/invoices');
  await client.locator('main a[href^="/portal/invoices/"]').first().click();
  await expect(client).toHaveURL(/\/portal\/invoices\/[^/]+$/);
  await expect(client.locator('h1').first()).toBeVisible();
  expect(clientViolations).toEqual([]);
  await staff.close();
  await client.close();
});
