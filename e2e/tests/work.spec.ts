/**
 * Projects and tasks as staff and a client use them: a member of staff signs in, creates a project
 * for Demo Client Ltd, adds a client-visible task assigned to themselves and moves it along the
 * board, while the client, in a browser of their own, watches the status change live on their
 * project page without reloading it. Then staff edit the project's dates, budget and status, and
 * a colleague's concurrent edit is caught instead of overwritten. Cards also move by dragging them
 * to another column, which only accepts the moves the workflow allows.
 */
import { expect, test } from '@playwright/test';
import { EDGE } from './helpers/edge.ts';

const DEMO_PASSWORD = 'coppertone-demo';

test(
  'staff move a task on the board and the client sees each change live',
  EDGE,
  async ({ page, browser, baseURL }) => {
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
    // (The board's filters above have an Assignee and a Priority of their own.)
    const addForm = page.locator('section[aria-labelledby="add-heading"]');
    const assignee = addForm.getByLabel('Assignee');
    await expect(assignee.locator('option')).toContainText(['Unassigned', 'Me (Sam Staff)', 'Avery Admin']);
    await expect(assignee).not.toContainText('Casey Client');
    await assignee.selectOption({ label: 'Me (Sam Staff)' });
    await addForm.getByLabel('Priority').selectOption('high');
    await page.getByLabel('Visible to the client').check();
    await page.getByRole('button', { name: 'Add task' }).click();
    await expect(page.getByRole('status').filter({ hasText: `Added “${taskTitle}”` })).toBeVisible();

    const column = (status: string) => page.locator(`[data-column="${status}"]`);
    await expect(column('todo').getByRole('link', { name: taskTitle })).toBeVisible();

    // The task appears on the client's page without a reload.
    const clientTask = client.locator('li.task').filter({ hasText: taskTitle });
    await expect(clientTask).toContainText('To do');
    // The client's page is read-only: nothing on it can be dragged.
    await expect(client.locator('[draggable="true"]')).toHaveCount(0);

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
  },
);

test('staff drag a task card to a column the workflow allows, and only there', async ({ page }) => {
  const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const taskTitle = `Draft the copy ${suffix}`;
  const otherTitle = `Choose photos ${suffix}`;

  // Sign-in and the project's set-up are not the point here: they go through the API.
  const login = await page.request.post('/api/identity/login', {
    data: { email: 'staff@demo.test', password: DEMO_PASSWORD },
  });
  expect(login.ok()).toBe(true);
  const companies = (await (await page.request.get('/api/work/companies')).json()).items as {
    id: string;
    name: string;
  }[];
  const company = companies.find((c) => c.name === 'Demo Client Ltd');
  expect(company).toBeDefined();
  const created = await page.request.post('/api/work/projects', {
    data: { companyId: company?.id, name: `Drag and drop ${suffix}` },
  });
  expect(created.ok()).toBe(true);
  const projectId = (await created.json()).id as string;
  const addTask = async (title: string, extra: Record<string, unknown> = {}) => {
    const reply = await page.request.post(`/api/work/projects/${projectId}/tasks`, {
      data: { title, priority: 'normal', visibleToClient: false, ...extra },
    });
    expect(reply.ok()).toBe(true);
    return (await reply.json()) as { id: string; version: number };
  };
  const task = await addTask(taskTitle, { dueOn: '2099-06-30' });
  const other = await addTask(otherTitle, { dueOn: '2025-01-15' });

  const patches: string[] = [];
  /** Reads of a task by the page (a refused move that carries the task needs none of it). */
  const taskReads: string[] = [];
  page.on('request', (request) => {
    if (request.method() === 'PATCH') patches.push(new URL(request.url()).pathname);
    if (request.method() === 'GET' && /^\/api\/work\/tasks\/[^/]+$/.test(new URL(request.url()).pathname))
      taskReads.push(new URL(request.url()).pathname);
  });

  await page.goto(`/staff/projects/${projectId}`);
  await expect(page.getByText('Live updates on')).toBeVisible();
  const column = (status: string) => page.locator(`[data-column="${status}"]`);
  const card = (title: string) => page.locator('article').filter({ has: page.getByRole('link', { name: title }) });
  // Grabbed by its padding, away from the link and the buttons.
  const grip = { x: 12, y: 8 };
  await expect(column('todo').getByRole('link', { name: taskTitle })).toBeVisible();
  await expect(card(taskTitle)).toHaveAttribute('draggable', 'true');
  // A past due date on an unfinished task is flagged; a future one is not.
  await expect(card(otherTitle)).toContainText('Due 15 Jan 2025 · Overdue');
  await expect(card(taskTitle)).toContainText('Due 30 Jun 2099');
  await expect(card(taskTitle)).not.toContainText('Overdue');

  // While it is dragged, the columns of the allowed moves are open and the others closed; a drop
  // on a closed one (To do → Done) is refused and changes nothing.
  await card(taskTitle).hover({ position: grip });
  await page.mouse.down();
  await column('done').hover();
  await expect(column('todo')).toHaveAttribute('data-drop', 'origin');
  await expect(column('in_progress')).toHaveAttribute('data-drop', 'open');
  await expect(column('blocked')).toHaveAttribute('data-drop', 'open');
  await expect(column('in_review')).toHaveAttribute('data-drop', 'closed');
  await expect(column('done')).toHaveAttribute('data-drop', 'closed');
  await page.mouse.up();
  await expect(page.locator('[data-drop]')).toHaveCount(0);
  await expect(column('todo').getByRole('link', { name: taskTitle })).toBeVisible();
  await expect(column('done').getByRole('link')).toHaveCount(0);

  // Dropped back on its own column: nothing either.
  await card(taskTitle).dragTo(column('todo'), { sourcePosition: grip, targetPosition: { x: 20, y: 12 } });
  await expect(column('todo').getByRole('link', { name: taskTitle })).toBeVisible();
  expect(patches).toEqual([]);

  // To do → In progress by dragging: the card lands there, its neighbour stays, and it is saved.
  await card(taskTitle).dragTo(column('in_progress'), { sourcePosition: grip });
  await expect(column('in_progress').getByRole('link', { name: taskTitle })).toBeVisible();
  await expect(column('todo').getByRole('link', { name: otherTitle })).toBeVisible();
  await expect(page.locator('[data-drop]')).toHaveCount(0);
  expect(patches).toEqual([`/api/work/tasks/${task.id}`]);
  await expect(page.locator('section[aria-labelledby="activity-heading"]')).toContainText(
    'Status: To do → In progress',
  );
  await page.reload();
  await expect(column('in_progress').getByRole('link', { name: taskTitle })).toBeVisible();
  await expect(column('todo').getByRole('link', { name: otherTitle })).toBeVisible();

  // A colleague moves the other card while it is being dragged: the drop is sent with the version
  // the user saw, refused as a conflict, and the card shows where the colleague put it.
  await card(otherTitle).hover({ position: grip });
  await page.mouse.down();
  await column('in_progress').hover();
  await expect(column('in_progress')).toHaveAttribute('data-drop', 'open');
  const colleague = await page.request.patch(`/api/work/tasks/${other.id}`, {
    data: { version: other.version, status: 'blocked' },
  });
  expect(colleague.ok()).toBe(true);
  await expect(column('blocked').getByRole('link', { name: otherTitle })).toBeVisible();
  await column('in_progress').hover({ position: { x: 20, y: 12 } });
  await page.mouse.up();
  await expect(page.getByRole('alert').filter({ hasText: 'The task has been reloaded.' })).toBeVisible();
  await expect(column('blocked').getByRole('link', { name: otherTitle })).toBeVisible();
  await expect(page.locator('[data-drop]')).toHaveCount(0);
  // The refusal carried the task as the colleague left it: the board did not read it again. (Only
  // that task's reads count: the pointer crossing another card's link preloads that task's page.)
  expect(taskReads.filter((path) => path === `/api/work/tasks/${other.id}`)).toEqual([]);
  const stored = await (await page.request.get(`/api/work/tasks/${other.id}`)).json();
  expect(stored.status).toBe('blocked');
});
