/**
 * Two tabs editing one task. The task page updates live: a field the person is not editing takes
 * the colleague's change (and says so); a field they are editing becomes a conflict shown with both
 * values, settled per field (take theirs / keep mine) and saved with the new version. A tab that
 * missed the change (no live stream) saves, is refused, and keeps its unsaved changes merged with
 * the newer version instead of throwing them away. Checked at 1280×800 and 390×844.
 */
import { expect, type Locator, type Page, test } from '@playwright/test';
import { EDGE } from './helpers/edge.ts';
import { expectFitsWidth } from './helpers/layout.ts';
import { signInAsStaff } from './helpers/sign-in.ts';

/** A fresh task in a new project of Demo Client Ltd. */
async function newTask(page: Page, title: string) {
  const api = page.request;
  const companies = (await (await api.get('/api/work/companies')).json()) as {
    items: Array<{ id: string; name: string }>;
  };
  const companyId = companies.items.find((c) => c.name === 'Demo Client Ltd')?.id;
  const project = await api.post('/api/work/projects', { data: { companyId, name: `Conflicts ${Date.now()}` } });
  expect(project.status(), await project.text()).toBe(201);
  const { id: projectId } = (await project.json()) as { id: string };
  const task = await api.post(`/api/work/projects/${projectId}/tasks`, {
    data: { title, description: 'Home page copy', priority: 'normal' },
  });
  expect(task.status(), await task.text()).toBe(201);
  return ((await task.json()) as { id: string }).id;
}

const editor = (page: Page): Locator => page.getByRole('region', { name: 'Edit task' });
const field = (page: Page, label: string) => editor(page).getByLabel(label);

async function openTask(page: Page, id: string, live: boolean) {
  await page.goto(`/staff/tasks/${id}`);
  await expect(field(page, 'Title')).toBeVisible();
  if (live) await expect(page.getByText('Live updates on')).toBeVisible();
}

async function save(page: Page) {
  await editor(page).getByRole('button', { name: 'Save changes' }).click();
}

test(
  'a colleague’s change arrives live: untouched fields take it, an edited one is settled by the person',
  EDGE,
  async ({ page, context }) => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await signInAsStaff(page);
    const id = await newTask(page, 'Write the copy');
    const other = await context.newPage();
    await other.setViewportSize({ width: 390, height: 844 });
    await openTask(page, id, true);
    await openTask(other, id, true);

    // The phone tab starts a change of the description; the desktop tab saves a new title and priority.
    await field(other, 'Description').fill('Home and about pages');
    await field(page, 'Title').fill('Write the launch copy');
    await field(page, 'Priority').selectOption('high');
    await save(page);
    await expect(editor(page).getByText('Saved.')).toBeVisible();

    // Not being edited on the phone: the title and priority take the change, the description stays.
    await expect(field(other, 'Title')).toHaveValue('Write the launch copy');
    await expect(field(other, 'Priority')).toHaveValue('high');
    await expect(field(other, 'Description')).toHaveValue('Home and about pages');
    await expect(
      editor(other).getByText(/Someone else changed Title \(now Write the launch copy\), Priority \(now High\)/),
    ).toBeVisible();
    await expectFitsWidth(other);

    // Both now change the priority: the phone's own choice is kept and shown beside theirs.
    await field(other, 'Priority').selectOption('low');
    await field(page, 'Priority').selectOption('urgent');
    await save(page);
    await expect(editor(page).getByText('Saved.')).toBeVisible();
    const conflict = editor(other).locator('[data-conflict="priority"]');
    await expect(conflict.locator('[data-theirs]')).toHaveText('Urgent');
    await expect(conflict.locator('[data-mine]')).toHaveText('Low');
    await expect(field(other, 'Priority')).toHaveValue('low');
    await expectFitsWidth(other);

    // Saving before settling is refused with a reason; keeping mine then saves with the new version.
    await save(other);
    await expect(editor(other).getByRole('alert').filter({ hasText: 'take theirs or keep yours' })).toBeVisible();
    await conflict.getByRole('button', { name: 'Keep mine for Priority' }).click();
    await expect(conflict).toHaveCount(0);
    await save(other);
    await expect(editor(other).getByText('Saved.')).toBeVisible();

    // The desktop tab sees the merged result live; the server has all three people's changes.
    await expect(field(page, 'Priority')).toHaveValue('low');
    await expect(field(page, 'Description')).toHaveValue('Home and about pages');
    const stored = (await (await page.request.get(`/api/work/tasks/${id}`)).json()) as Record<string, unknown>;
    expect(stored).toMatchObject({
      title: 'Write the launch copy',
      description: 'Home and about pages',
      priority: 'low',
    });
  },
);

test('a tab that missed the change is refused on save and keeps its edits merged with the newer version', async ({
  page,
  context,
}) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signInAsStaff(page);
  const id = await newTask(page, 'Fix the footer');
  const stale = await context.newPage();
  await stale.setViewportSize({ width: 1280, height: 800 });
  // No live stream in this tab: it learns of the colleague's change only when its save is refused.
  await stale.route('**/api/work/events', (route) => route.abort());
  await openTask(stale, id, false);
  await openTask(page, id, true);

  await field(stale, 'Title').fill('Fix the footer links');
  await field(stale, 'Hours spent').fill('2');
  await field(page, 'Title').fill('Fix the footer on phones');
  await field(page, 'Due').fill('2027-01-15');
  await save(page);
  await expect(editor(page).getByText('Saved.')).toBeVisible();

  // The refusal carries the newer version: the tab merges it without reading the task again.
  const reads: string[] = [];
  stale.on('request', (request) => {
    if (request.method() === 'GET' && new URL(request.url()).pathname === `/api/work/tasks/${id}`) reads.push(id);
  });
  await save(stale);
  await expect(
    editor(stale).getByRole('alert').filter({ hasText: 'Someone else saved this task first' }),
  ).toBeVisible();
  // Nothing typed is lost: the hours stay, the colleague's due date comes in, the title is a choice.
  await expect(field(stale, 'Hours spent')).toHaveValue('2');
  await expect(field(stale, 'Due')).toHaveValue('2027-01-15');
  const conflict = editor(stale).locator('[data-conflict="title"]');
  await expect(conflict.locator('[data-theirs]')).toHaveText('Fix the footer on phones');
  await expect(conflict.locator('[data-mine]')).toHaveText('Fix the footer links');
  expect(reads).toEqual([]);
  await conflict.getByRole('button', { name: 'Take theirs for Title' }).click();
  await expect(field(stale, 'Title')).toHaveValue('Fix the footer on phones');
  await save(stale);
  await expect(editor(stale).getByText('Saved.')).toBeVisible();

  const stored = (await (await page.request.get(`/api/work/tasks/${id}`)).json()) as Record<string, unknown>;
  expect(stored).toMatchObject({ title: 'Fix the footer on phones', hoursSpent: 2 });
  expect(String(stored.dueOn)).toMatch(/^2027-01-15/);
  // The live phone tab shows the hours the other tab saved.
  await expect(field(page, 'Hours spent')).toHaveValue('2');
  await expectFitsWidth(page);
});
