/**
 * The staff board and activity log for daily use: on a 1280 px screen and on a 390 px phone, no
 * card title runs past two lines, a card's move buttons keep to one row, and the page itself never
 * scrolls sideways (the board scrolls inside its own box). Filters by assignee and priority narrow
 * the cards and the column counts and survive a reload (they are in the URL). The activity log of a
 * busy project shows its newest 20 entries, "Show more" brings older ones (past what came with the
 * project, from the server), and the log collapses.
 */
import { expect, type Page, test } from '@playwright/test';
import { signInAsStaff } from './helpers/sign-in.ts';

const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
const TASKS = 48;
const MOVED = 4;
/** The project's "created" entry, one per task, one per move. */
const ENTRIES = 1 + TASKS + MOVED;
/** Long enough to wrap to four lines or more in a board column. */
const LONG = 'with a long description of what the agency promised the client for the launch of the new site';

/** A project of Demo Client Ltd with TASKS tasks (every third assigned to me), MOVED in progress. */
async function busyProject(page: Page) {
  const api = page.request;
  const me = ((await (await api.get('/api/identity/me')).json()) as { user: { id: string } }).user;
  const companies = (await (await api.get('/api/work/companies')).json()) as {
    items: Array<{ id: string; name: string }>;
  };
  const companyId = companies.items.find((c) => c.name === 'Demo Client Ltd')?.id;
  expect(companyId).toBeDefined();
  const project = await api.post('/api/work/projects', { data: { companyId, name: `Busy board ${Date.now()}` } });
  expect(project.status(), await project.text()).toBe(201);
  const { id } = (await project.json()) as { id: string };
  const tasks: Array<{ priority: string; mine: boolean }> = [];
  for (let i = 0; i < TASKS; i++) {
    const priority = PRIORITIES[i % 4] ?? 'normal';
    const mine = i % 3 === 0;
    const res = await api.post(`/api/work/projects/${id}/tasks`, {
      data: { title: `Task ${i + 1} ${LONG}`, priority, ...(mine ? { assigneeId: me.id } : {}) },
    });
    expect(res.status(), await res.text()).toBe(201);
    tasks.push({ priority, mine });
    if (i < MOVED) {
      const task = (await res.json()) as { id: string; version: number };
      const moved = await api.patch(`/api/work/tasks/${task.id}`, {
        data: { version: task.version, status: 'in_progress' },
      });
      expect(moved.status(), await moved.text()).toBe(200);
    }
  }
  return { id, tasks };
}

/** Per card: lines its title takes (height over line height), rows its move buttons take, move
 * buttons whose words are cut, and how far it runs past its column. */
async function cardShapes(page: Page) {
  return page.locator('[data-column] article').evaluateAll((cards) =>
    cards.map((card) => {
      const title = card.querySelector('h4') as HTMLElement;
      const lineHeight = Number.parseFloat(getComputedStyle(title).lineHeight);
      const tops = new Set(
        Array.from(card.querySelectorAll('[role="group"] > *')).map((el) => Math.round(el.getBoundingClientRect().top)),
      );
      // How far the card runs past its column's inner edge (its buttons' row must not widen it).
      const column = card.closest('[data-column]') as HTMLElement;
      const inner = column.getBoundingClientRect().right - Number.parseFloat(getComputedStyle(column).paddingRight);
      const overflow = Math.max(0, Math.round(card.getBoundingClientRect().right - inner));
      const cut = Array.from(card.querySelectorAll<HTMLElement>('[role="group"] > button')).filter(
        (b) => b.scrollWidth > b.clientWidth,
      ).length;
      return { lines: Math.round(title.getBoundingClientRect().height / lineHeight), rows: tops.size, cut, overflow };
    }),
  );
}

async function layoutAt(page: Page, width: number, height: number) {
  await page.setViewportSize({ width, height });
  await expect(page.locator('[data-column] article').first()).toBeVisible();
  const shapes = await cardShapes(page);
  expect(shapes).toHaveLength(TASKS);
  expect(Math.max(...shapes.map((s) => s.lines)), `title lines at ${width} px`).toBeLessThanOrEqual(2);
  expect(Math.min(...shapes.map((s) => s.lines))).toBeGreaterThanOrEqual(1);
  expect(Math.max(...shapes.map((s) => s.rows)), `rows of move buttons at ${width} px`).toBeLessThanOrEqual(2);
  expect(Math.max(...shapes.map((s) => s.cut)), `move buttons with cut words at ${width} px`).toBe(0);
  expect(Math.max(...shapes.map((s) => s.overflow)), `px a card runs past its column at ${width} px`).toBe(0);
  const widths = await page.evaluate(() => {
    const board = document.querySelector('.board') as HTMLElement;
    return {
      page: document.documentElement.scrollWidth,
      window: window.innerWidth,
      board: board.scrollWidth,
      boardBox: board.clientWidth,
    };
  });
  const wide = await page.evaluate(() =>
    Array.from(document.querySelectorAll('body *'))
      .filter((el) => !el.closest('.board') && el.getBoundingClientRect().right > window.innerWidth + 0.5)
      .map((el) => `${el.tagName}.${el.className} ${Math.round(el.getBoundingClientRect().right)}`)
      .slice(-5),
  );
  expect(widths.page, `page width at ${width} px: ${wide.join(', ')}`).toBeLessThanOrEqual(widths.window);
  return widths;
}

const counts = async (page: Page) =>
  (await page.locator('[data-column] [data-count]').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
const total = (texts: string[]) => texts.reduce((sum, t) => sum + Number.parseInt(t, 10), 0);

test('the board fits 1280 px and a phone, and filters by assignee and priority', async ({ page }) => {
  await signInAsStaff(page);
  const { id, tasks } = await busyProject(page);
  await page.goto(`/staff/projects/${id}`);

  const desk = await layoutAt(page, 1280, 800);
  // All five columns side by side at 1280 px (no more than a sliver to scroll).
  expect(desk.board - desk.boardBox).toBeLessThan(80);
  const phone = await layoutAt(page, 390, 844);
  // On the phone the columns keep their width and the board scrolls in itself.
  expect(phone.board).toBeGreaterThan(phone.boardBox * 3);
  await page.setViewportSize({ width: 1280, height: 800 });

  const cards = page.locator('[data-column] article');
  const filters = page.getByRole('group', { name: 'Filter the board' });
  expect(total(await counts(page))).toBe(TASKS);
  expect(await counts(page)).toEqual([`${TASKS - MOVED} tasks`, `${MOVED} tasks`, '0 tasks', '0 tasks', '0 tasks']);

  // Priority: only the urgent cards, counted per column; the URL keeps the choice.
  const urgent = tasks.filter((t) => t.priority === 'urgent').length;
  await filters.getByLabel('Priority').selectOption('urgent');
  await expect(cards).toHaveCount(urgent);
  expect(total(await counts(page))).toBe(urgent);
  await expect(page.getByText(`${urgent} of ${TASKS} tasks shown`)).toBeVisible();
  await expect(page).toHaveURL((url) => url.searchParams.get('priority') === 'urgent');

  // And the assignee: urgent tasks of mine.
  const mineUrgent = tasks.filter((t) => t.priority === 'urgent' && t.mine).length;
  expect(mineUrgent).toBeGreaterThan(0);
  expect(mineUrgent).toBeLessThan(urgent);
  await filters.getByLabel('Assignee').selectOption({ label: 'Me (Sam Staff)' });
  await expect(cards).toHaveCount(mineUrgent);
  expect(total(await counts(page))).toBe(mineUrgent);

  // A reload keeps both filters.
  await page.reload();
  await expect(filters.getByLabel('Priority')).toHaveValue('urgent');
  await expect(cards).toHaveCount(mineUrgent);
  expect(total(await counts(page))).toBe(mineUrgent);

  // Unassigned ones, then no filter: every card is back.
  await filters.getByLabel('Assignee').selectOption({ label: 'Unassigned' });
  await expect(cards).toHaveCount(urgent - mineUrgent);
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect(cards).toHaveCount(TASKS);
  await expect(page).toHaveURL((url) => !url.searchParams.has('priority') && !url.searchParams.has('assignee'));

  // A task in progress offers its other moves in a menu; they work from there.
  const first = page.locator('[data-column="in_progress"] article').first();
  await first.getByRole('group').locator('summary').click();
  await first.getByRole('button', { name: 'Blocked' }).click();
  await expect(page.locator('[data-column="blocked"] article')).toHaveCount(1);
});

test('the activity log shows 20 entries at a time, newest first, and collapses', async ({ page }) => {
  await signInAsStaff(page);
  const { id } = await busyProject(page);
  await page.goto(`/staff/projects/${id}`);
  const log = page.locator('#activity-log');
  const entries = log.locator('ol > li');
  await expect(entries).toHaveCount(20);
  // Newest first: the last task made, the project's creation at the very end.
  await expect(entries.first()).toContainText(`Task ${TASKS} with`);

  const more = log.getByRole('button', { name: 'Show more' });
  await more.click();
  await expect(entries).toHaveCount(40);
  // The project brought the newest 50; the rest come from the server's next page.
  await more.click();
  await expect(entries).toHaveCount(ENTRIES);
  await expect(more).toHaveCount(0);
  await expect(entries.last()).toContainText('created the project');

  const toggle = page.getByRole('button', { name: 'Activity', exact: true });
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await expect(entries.first()).toBeHidden();
  await toggle.click();
  await expect(entries).toHaveCount(ENTRIES);
  await expect(entries.first()).toBeVisible();
});
