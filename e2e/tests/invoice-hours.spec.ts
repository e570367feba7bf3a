/**
 * Invoices an agency can use all day: staff make a draft from a project's tracked hours (one line
 * per task with hours, at their rate), and every invoice list names each invoice by company,
 * amount and date, so two drafts no longer read the same "Draft invoice" — on a desktop and a phone.
 */
import { type APIRequestContext, expect, type Page, test } from '@playwright/test';
import { expectFitsWidth } from './helpers/layout.ts';
import { signInApi } from './helpers/sign-in.ts';

async function json<T>(response: Awaited<ReturnType<APIRequestContext['get']>>, status: number): Promise<T> {
  expect(response.status(), await response.text()).toBe(status);
  return (await response.json()) as T;
}

/** A project of Demo Client Ltd with tasks that have these hours spent; answers its id and name. */
async function projectWithHours(staff: APIRequestContext, hours: Array<[string, number]>) {
  const companies = await json<{ items: Array<{ id: string; name: string }> }>(
    await staff.get('/api/work/companies'),
    200,
  );
  const companyId = companies.items.find((c) => c.name === 'Demo Client Ltd')?.id;
  expect(companyId, 'the seeded company').toBeDefined();
  const name = `Hours ${Date.now().toString(36)}`;
  const project = await json<{ id: string }>(
    await staff.post('/api/work/projects', { data: { companyId, name } }),
    201,
  );
  for (const [title, spent] of hours) {
    const task = await json<{ id: string; version: number }>(
      await staff.post(`/api/work/projects/${project.id}/tasks`, {
        data: { title, priority: 'normal', visibleToClient: false },
      }),
      201,
    );
    if (spent > 0)
      await json(
        await staff.patch(`/api/work/tasks/${task.id}`, { data: { version: task.version, hoursSpent: spent } }),
        200,
      );
  }
  return { id: project.id, name };
}

/** The row of the invoice list whose link has this name. */
const row = (page: Page, name: string | RegExp) =>
  page.getByRole('row').filter({ has: page.getByRole('link', { name }) });

test('staff make a draft from a project’s hours, and the lists tell drafts apart by company, amount and date', async ({
  page,
}) => {
  await signInApi(page.request, 'staff@demo.test');
  const project = await projectWithHours(page.request, [
    ['Design', 2.5],
    ['Not started', 0],
    ['Build', 4],
  ]);

  await page.setViewportSize({ width: 1280, height: 800 });
  // The project's page leads there: its tracked hours, preselected.
  await page.goto(`/staff/projects/${project.id}`);
  await page.getByRole('link', { name: 'Invoice its hours' }).click();
  await expect(page).toHaveURL(`/staff/invoices/new?project=${project.id}`);
  const hours = page.getByRole('region', { name: 'Or from a project’s tracked hours' });
  await expect(hours.getByLabel('Project')).toHaveValue(project.id);
  await expect(hours.getByRole('option', { name: `${project.name} — Demo Client Ltd (6.5 h)` })).toBeAttached();
  // A rate it cannot read is refused beside the field, nothing made.
  await hours.getByLabel('Hourly rate').fill('abc');
  await hours.getByRole('button', { name: 'Make draft from hours' }).click();
  await expect(hours.getByText(/Hourly rate must be written like/)).toBeVisible();
  await expect(page).toHaveURL(/\/staff\/invoices\/new/);

  await hours.getByLabel('Hourly rate').fill('80');
  await hours.getByLabel('Currency').selectOption('EUR');
  await hours.getByRole('button', { name: 'Make draft from hours' }).click();

  // The draft: one line per task with hours, 6.5 h × €80 = €520.00.
  await expect(page).toHaveURL(/\/staff\/invoices\/[0-9a-f-]{36}$/);
  const draftId = page.url().split('/').pop() ?? '';
  await expect(page.getByText('Design — 2.5 h')).toBeVisible();
  await expect(page.getByText('Build — 4 h')).toBeVisible();
  await expect(page.getByText('Not started')).toHaveCount(0);
  await expect(page.getByTestId('amount-due')).toHaveText('€520.00');

  // A second draft for the same company, of another amount: the list tells the two apart.
  const other = await projectWithHours(page.request, [['Support', 1]]);
  await json(
    await page.request.post('/api/billing/invoices/from-project', {
      data: { projectId: other.id, rateMinor: 5_000, currency: 'USD' },
    }),
    201,
  );
  const today = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric' }).format(
    new Date(),
  );
  for (const size of [
    { width: 1280, height: 800 },
    { width: 390, height: 844 },
  ]) {
    await page.setViewportSize(size);
    await page.goto('/staff/invoices?status=draft');
    const first = row(page, `Draft for Demo Client Ltd, €520.00, ${today}`);
    const second = row(page, `Draft for Demo Client Ltd, $50.00, ${today}`);
    await expect(first).toHaveCount(1);
    await expect(second).toHaveCount(1);
    await expect(first.getByRole('link')).toHaveAttribute('href', `/staff/invoices/${draftId}`);
    await expect(page.getByRole('link', { name: 'Draft invoice', exact: true })).toHaveCount(0);
    for (const label of ['Company', 'Date', 'Total'])
      await expect(page.getByRole('columnheader', { name: label })).toBeAttached();
    await expect(first.getByRole('cell').filter({ hasText: 'Demo Client Ltd' })).toBeVisible();
    await expectFitsWidth(page);
  }

  // Sent, it is listed by number, with its company and amount, to staff and to the client.
  await page.setViewportSize({ width: 1280, height: 800 });
  const sent = await json<{ number: string }>(await page.request.post(`/api/billing/invoices/${draftId}/send`), 200);
  await page.goto('/staff/invoices');
  const staffRow = row(page, `Invoice ${sent.number}`);
  await expect(staffRow.getByRole('cell').filter({ hasText: 'Demo Client Ltd' })).toBeVisible();
  await expect(staffRow.getByRole('cell').filter({ hasText: today })).toBeVisible();
  await expect(staffRow.getByRole('cell').filter({ hasText: '€520.00' }).first()).toBeVisible();

  await page.request.post('/api/identity/logout');
  await page.context().clearCookies();
  await signInApi(page.request, 'client@demo.test');
  for (const size of [
    { width: 1280, height: 800 },
    { width: 390, height: 844 },
  ]) {
    await page.setViewportSize(size);
    await page.goto('/portal/invoices');
    const clientRow = row(page, `Invoice ${sent.number}`);
    await expect(clientRow.getByRole('cell').filter({ hasText: 'Demo Client Ltd' })).toBeVisible();
    await expect(clientRow.getByRole('cell').filter({ hasText: today })).toBeVisible();
    await expect(clientRow.getByRole('cell').filter({ hasText: '€520.00' }).first()).toBeVisible();
    // Drafts are never a client's to see.
    await expect(page.getByRole('link', { name: /^Draft for/ })).toHaveCount(0);
    await expectFitsWidth(page);
  }
});
