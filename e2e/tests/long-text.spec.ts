/**
 * Long text people paste: a 190-character address in a task's description and comment wraps on a
 * phone and is a safe link (new tab, noopener noreferrer; `javascript:` text stays text), and a
 * 200-character company name neither widens the pages that list or offer companies nor hides: it is
 * shortened in dropdowns, whole in its title.
 */
import { expect, test } from '@playwright/test';
import { expectFitsWidth } from './helpers/layout.ts';

const PASSWORD = 'coppertone-demo';
const URL_190 = `https://docs.example.com/briefs/${'launch-plan-'.repeat(13)}final?v=2`.slice(0, 190);

test('a long address wraps and is a safe link; a long company name fits every page on a phone', async ({
  page,
  playwright,
  baseURL,
}) => {
  test.slow();
  expect(URL_190).toHaveLength(190);
  const staff = await playwright.request.newContext({ baseURL });
  const login = await staff.post('/api/identity/login', { data: { email: 'staff@demo.test', password: PASSWORD } });
  expect(login.status()).toBe(200);
  const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const longName = `Northwind ${suffix} ${'Consolidated Holdings '.repeat(9)}`.slice(0, 200).trim();
  const company = await staff.post('/api/work/companies', { data: { name: longName } });
  expect(company.status(), await company.text()).toBe(201);
  const companies = (await (await staff.get('/api/work/companies')).json()) as {
    items: Array<{ id: string; name: string }>;
  };
  const companyId = companies.items.find((c) => c.name === 'Demo Client Ltd')?.id;
  const project = await staff.post('/api/work/projects', { data: { companyId, name: `Long text ${suffix}` } });
  const { id: projectId } = (await project.json()) as { id: string };
  const task = await staff.post(`/api/work/projects/${projectId}/tasks`, {
    data: {
      title: 'Read the brief',
      description: `The brief: ${URL_190}. Not a link: javascript:alert(1)`,
      visibleToClient: true,
    },
  });
  const { id: taskId } = (await task.json()) as { id: string };
  const comment = await staff.post(`/api/work/tasks/${taskId}/comments`, {
    data: { body: `Updated (${URL_190})`, visibleToClient: true },
  });
  expect(comment.status(), await comment.text()).toBe(201);

  // The client on a phone: the page keeps to the window, the addresses are safe links.
  const client = await page.context().request.post('/api/identity/login', {
    data: { email: 'client@demo.test', password: PASSWORD },
  });
  expect(client.status()).toBe(200);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`/portal/projects/${projectId}`);
  await expect(page.getByRole('heading', { level: 3, name: 'Read the brief' })).toBeVisible();
  await page.getByText('1 comment').click();
  const links = page.locator('.task').getByRole('link', { name: URL_190 });
  await expect(links).toHaveCount(2);
  for (const link of await links.all()) {
    await expect(link).toHaveAttribute('href', URL_190);
    await expect(link).toHaveAttribute('rel', 'noopener noreferrer');
    await expect(link).toHaveAttribute('target', '_blank');
  }
  await expect(page.locator('.task a[href^="javascript"]')).toHaveCount(0);
  await expect(page.locator('.task').getByText('javascript:alert(1)')).toBeVisible();
  await expectFitsWidth(page);

  // Staff on a phone: every page that lists or offers companies keeps to the window.
  await page.context().request.post('/api/identity/login', { data: { email: 'admin@demo.test', password: PASSWORD } });
  for (const path of [
    '/staff',
    '/staff/projects',
    '/staff/invoices',
    '/staff/invoices/new',
    `/staff/tasks/${taskId}`,
  ]) {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expectFitsWidth(page);
  }
  // The dropdown offers the name shortened, with the whole name as its title.
  await page.goto('/staff/projects');
  const option = page.locator('option', { hasText: `Northwind ${suffix}` }).first();
  await expect(option).toHaveAttribute('title', longName);
  expect((await option.textContent())?.trim().length).toBeLessThanOrEqual(60);
  await staff.dispose();
});
