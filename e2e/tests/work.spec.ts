/**
 * Projects and tasks as staff and a client use them: a member of staff signs in, creates a project
 * for Demo Client Ltd, adds a client-visible task assigned to themselves and moves it along the
 * board, while the client, in a browser of their own, watches the status change live on their
 * project page without reloading it. Then staff edit the project's dates, budget and status, and
 * a colleague's concurrent edit is caught instead of overwritten.
 */
import { expect, test } from '@playwright/test';

const DEMO_PASSWORD = 'coppertone-demo';

test('staff move a task on the board and the client sees each change live', async ({ page, browser, baseURL }) => {
  const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const projectName = `Website refresh ${suffix}`;
  const taskTitle = `Homepage design ${suffix}`;

  // Staff sign in through the form: this is the journey.
  await page.goto('/auth/login');
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
  await page.getByLabel('E-mail').fill('staff@demo.test');
  await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page).toHaveURL((url) => url.pathname === '/staff');

  await page.getByRole('link', { name: 'Projects', exact: true }).first().click();
  await expect(page).toHaveURL((url) => url.pathname === '/staff/projects');
  await expect(page.getByRole('heading', { level: 1, name: 'Projects' })).toBeVisible();

  // An empty form says what is missing, beside the fields.
  await page.getByRole('button', { name: 'Create project' }).click();
  await expect(page.getByLabel('Project name')).toHaveAttribute('aria-invalid', 'true');

  await page.getByLabel('Client company').selectOption({ label: 'Demo Client Ltd' });
  await page.getByLabel('Project name').fill(projectName);
  await page.getByLabel('Budget (hours)').fill('40');
  await page.getByRole('button', { name: 'Create project' }).click();
  await expect(page).toHaveURL((url) => /^\/staff\/projects\/[^/]+$/.test(url.pathname));
  await expect(page.getByRole('heading', { level: 1, name: projectName })).toBeVisible();
  const projectPath = new URL(page.url()).pathname;
  const projectId = projectPath.split('/').pop() ?? '';

  // The client, in a browser of their own, opens the project page (sign-in is not the point here).
  const clientContext = await browser.newContext({ baseURL });
  const client = await clientContext.newPage();
  const login = await client.request.post('/api/identity/login', {
    data: { email: 'client@demo.test', password: DEMO_PASSWORD },
  });
  expect(login.ok()).toBe(true);
  await client.goto(`/portal/projects/${projectId}`);
  await expect(client.getByRole('heading', { level: 1, name: projectName })).toBeVisible();
  await expect(client.getByText('Updates live')).toBeVisible();
  await expect(client.getByText('No tasks to show yet.')).toBeVisible();

  // Staff add a client-visible task assigned to themselves.
  await page.getByLabel('Title', { exact: true }).fill(taskTitle);
  // The assignee is picked by name from the staff directory; clients are not offered.
  const assignee = page.getByLabel('Assignee');
  await expect(assignee.locator('option')).toContainText(['Unassigned', 'Me (Sam Staff)', 'Avery Admin']);
  await expect(assignee).not.toContainText('Casey Client');
  await assignee.selectOption({ label: 'Me (Sam Staff)' });
  await page.getByLabel('Priority').selectOption('high');
  await page.getByLabel('Visible to the client').check();
  await page.getByRole('button', { name: 'Add task' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Added “${taskTitle}”` })).toBeVisible();

  const column = (status: string) => page.locator(`[data-column="${status}"]`);
  await expect(column('todo').getByRole('link', { name: taskTitle })).toBeVisible();

  // The task appears on the client's page without a reload.
  const clientTask = client.locator('li.task').filter({ hasText: taskTitle });
  await expect(clientTask).toContainText('To do');

  // Move it to In progress, then Done, with the card's buttons (only the allowed moves are offered).
  const moves = page.getByRole('group', { name: `Move ${taskTitle}` });
  await expect(moves.getByRole('button')).toHaveText(['→ In progress', '→ Blocked']);
  await moves.getByRole('button', { name: 'In progress' }).click();
  await expect(column('in_progress').getByRole('link', { name: taskTitle })).toBeVisible();
  await expect(clientTask).toContainText('In progress');

  await moves.getByRole('button', { name: 'Done' }).click();
  await expect(column('done').getByRole('link', { name: taskTitle })).toBeVisible();
  await expect(clientTask).toContainText('Done');
  await expect(client.getByText('1 of 1 task done')).toBeVisible();

  // The activity log says who moved it, from what to what.
  const activity = page.locator('section[aria-labelledby="activity-heading"]');
  await expect(activity).toContainText('Status: In progress → Done');
  await expect(activity).toContainText('Sam Staff');

  // Putting the project on hold reaches the client's page too.
  await expect(page.getByText('1 of 1 task done')).toBeVisible();
  await page.getByLabel('Project status').selectOption('on_hold');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(client.locator('.area-header [data-status="on_hold"]')).toHaveText('On hold');

  // Staff edit the project. Mistakes are named beside their fields and nothing is saved.
  await page.getByRole('button', { name: 'Edit project' }).click();
  const editor = page.getByRole('form', { name: 'Edit project' });
  await expect(editor.getByLabel('Project name')).toHaveValue(projectName);
  await expect(editor.getByLabel('Status')).toHaveValue('on_hold');
  await editor.getByLabel('Starts').fill('2027-02-01');
  await editor.getByLabel('Due').fill('2027-01-15');
  await editor.getByLabel('Budget (hours)').fill('60.1');
  await editor.getByRole('button', { name: 'Save project' }).click();
  await expect(editor.getByLabel('Budget (hours)')).toHaveAttribute('aria-invalid', 'true');
  await expect(editor).toContainText('Budget hours go in quarter hours (such as 12.25).');
  await expect(editor.getByLabel('Due')).toHaveAttribute('aria-invalid', 'true');
  await expect(editor).toContainText('The due date must not be before the start date.');

  // Corrected, saved: the staff page and the client's open page both show the new dates and budget.
  await editor.getByLabel('Due').fill('2027-03-31');
  await editor.getByLabel('Budget (hours)').fill('60');
  await editor.getByLabel('Status').selectOption('active');
  await editor.getByRole('button', { name: 'Save project' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Project saved.' })).toBeVisible();
  await expect(editor).toBeHidden();
  const header = page.locator('.area-header');
  await expect(header).toContainText('Starts 1 Feb 2027');
  await expect(header).toContainText('Due 31 Mar 2027');
  await expect(header).toContainText('0 of 60 hours used');
  await expect(header.locator('[data-status="active"]')).toHaveText('Active');
  const clientHeader = client.locator('.area-header');
  await expect(clientHeader).toContainText('Due 31 Mar 2027');
  await expect(clientHeader).toContainText('0 of 60 hours used');
  await expect(clientHeader.locator('[data-status="active"]')).toHaveText('Active');

  // A colleague saves the project while the form is open: the later save is refused, not applied,
  // and the form offers their version.
  await page.getByRole('button', { name: 'Edit project' }).click();
  await editor.getByLabel('Budget (hours)').fill('80');
  const current = await (await page.request.get(`/api/work/projects/${projectId}`)).json();
  const colleague = await page.request.patch(`/api/work/projects/${projectId}`, {
    data: { version: current.version, name: `${projectName} (phase 1)` },
  });
  expect(colleague.ok()).toBe(true);
  await editor.getByRole('button', { name: 'Save project' }).click();
  await expect(editor.getByRole('alert')).toContainText('Someone else saved this project after you opened this form');
  await editor.getByRole('button', { name: 'Load the latest version' }).click();
  await expect(editor.getByLabel('Project name')).toHaveValue(`${projectName} (phase 1)`);
  await expect(editor.getByLabel('Budget (hours)')).toHaveValue('60');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`${projectName} (phase 1)`);
  await expect(clientHeader).toContainText('0 of 60 hours used');

  await clientContext.close();
});
