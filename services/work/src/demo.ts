import type { SessionUser } from '@coppertone/auth';
import type { ProjectStatus, TaskStatus } from '@coppertone/db';
import { createCommentInput } from './comments/comments.schema.ts';
import { addComment } from './comments/comments.service.ts';
import type { WorkDeps } from './context.ts';
import { createProjectInput, updateProjectInput } from './projects/projects.schema.ts';
import { createProject, updateProject } from './projects/projects.service.ts';
import { createTaskInput, updateTaskInput } from './tasks/tasks.schema.ts';
import { createTask, updateTask } from './tasks/tasks.service.ts';

interface DemoTask {
  title: string;
  description?: string;
  status: TaskStatus;
  visibleToClient: boolean;
  priority?: 'low' | 'normal' | 'high' | 'urgent';
  /** Days from today (negative: past). */
  dueIn?: number;
  hoursSpent?: number;
  comments?: Array<{ body: string; visibleToClient: boolean }>;
}

interface DemoProject {
  key: 'relaunch' | 'retainer' | 'brand';
  name: string;
  description: string;
  startsIn: number;
  dueIn: number;
  budgetHours: number;
  /** Changed once its tasks are in place, so the project's own activity shows an update too. */
  later: { status?: ProjectStatus; budgetHours?: number };
  tasks: DemoTask[];
}

export type DemoProjects = Record<DemoProject['key'], string>;

/** The moves that take a new (to do) task to a status, one workflow step at a time. */
const MOVES: Record<TaskStatus, TaskStatus[]> = {
  todo: [],
  in_progress: ['in_progress'],
  in_review: ['in_progress', 'in_review'],
  done: ['in_progress', 'in_review', 'done'],
  blocked: ['blocked'],
};

const PROJECTS: DemoProject[] = [
  {
    key: 'relaunch',
    name: 'Website relaunch',
    description: 'A new design and fresh content for the company website, on faster hosting.',
    startsIn: -35,
    dueIn: 40,
    budgetHours: 100,
    later: { budgetHours: 120 },
    tasks: [
      {
        title: 'Content inventory of the current site',
        description: 'Every page listed with what to keep, merge or drop.',
        status: 'done',
        visibleToClient: true,
        dueIn: -20,
        hoursSpent: 6,
        comments: [
          { body: 'Done: of 48 pages we keep 21 and merge 15 into the new service pages.', visibleToClient: true },
        ],
      },
      {
        title: 'Homepage and service page designs',
        status: 'in_review',
        visibleToClient: true,
        priority: 'high',
        dueIn: 5,
        hoursSpent: 14,
        comments: [
          { body: 'The designs are ready for your review: tell us here what you would change.', visibleToClient: true },
        ],
      },
      {
        title: 'Page templates in the new CMS',
        status: 'in_progress',
        visibleToClient: true,
        dueIn: 18,
        hoursSpent: 9.5,
      },
      { title: 'Move blog posts and images', status: 'todo', visibleToClient: true, priority: 'low', dueIn: 30 },
      {
        title: 'Redirects from old campaign URLs',
        status: 'blocked',
        visibleToClient: true,
        dueIn: 25,
        comments: [
          {
            body: 'Could you send us the campaign URLs still printed on flyers or in ads? We will redirect each of them.',
            visibleToClient: true,
          },
          {
            body: 'Blocked until the list arrives; the redirects for the site’s own pages are drafted.',
            visibleToClient: false,
          },
        ],
      },
      {
        title: 'Staging server and deploy pipeline',
        status: 'done',
        visibleToClient: false,
        dueIn: -25,
        hoursSpent: 3,
        comments: [
          { body: 'Staging deploys on every push to main, behind the preview password.', visibleToClient: false },
        ],
      },
    ],
  },
  {
    key: 'retainer',
    name: 'Support retainer',
    description: 'Updates and fixes for the current site. On hold during the relaunch: security fixes only.',
    startsIn: -120,
    dueIn: 245,
    budgetHours: 40,
    later: { status: 'on_hold' },
    tasks: [
      {
        title: 'Monthly plugin and security updates',
        status: 'done',
        visibleToClient: true,
        dueIn: -10,
        hoursSpent: 2,
      },
      {
        title: 'Contact form not sending on mobile',
        status: 'done',
        visibleToClient: true,
        priority: 'urgent',
        dueIn: -40,
        hoursSpent: 1.5,
        comments: [{ body: 'Fixed and tested on iOS and Android. Thank you for reporting it.', visibleToClient: true }],
      },
      {
        title: 'Renew the domain before it expires',
        status: 'todo',
        visibleToClient: false,
        priority: 'high',
        dueIn: 45,
      },
    ],
  },
  {
    key: 'brand',
    name: 'Brand guidelines',
    description: 'A refreshed logo, colours and type, and the guidelines that explain their use.',
    startsIn: -150,
    dueIn: -90,
    budgetHours: 30,
    later: { status: 'done' },
    tasks: [
      { title: 'Logo refresh', status: 'done', visibleToClient: true, dueIn: -120, hoursSpent: 16 },
      {
        title: 'Colour palette and typography',
        status: 'done',
        visibleToClient: true,
        dueIn: -100,
        hoursSpent: 10,
        comments: [{ body: 'The final guidelines and logo files are in your shared folder.', visibleToClient: true }],
      },
      { title: 'Internal design review', status: 'done', visibleToClient: false, dueIn: -95, hoursSpent: 2 },
    ],
  },
];

const day = (fromToday: number) => new Date(Date.now() + fromToday * 86_400_000).toISOString().slice(0, 10);

/**
 * Projects, tasks and comments for the demo company, made through the services the API uses, so
 * activity, versions, assignment mail and live events are what the product itself produces: the
 * lead sets up each project and its tasks for the staff member, who moves them along the workflow,
 * logs hours and comments.
 */
export async function seedDemoProjects(
  deps: WorkDeps,
  people: { companyId: string; lead: SessionUser; staff: SessionUser },
): Promise<DemoProjects> {
  const ids = {} as DemoProjects;
  for (const p of PROJECTS) {
    const project = await createProject(
      deps,
      people.lead,
      createProjectInput.parse({
        companyId: people.companyId,
        name: p.name,
        description: p.description,
        startsOn: day(p.startsIn),
        dueOn: day(p.dueIn),
        budgetHours: p.budgetHours,
      }),
    );
    ids[p.key] = project.id;
    for (const t of p.tasks) await seedTask(deps, people, project.id, t);
    await updateProject(
      deps,
      people.lead,
      project.id,
      updateProjectInput.parse({ version: project.version, ...p.later }),
    );
  }
  return ids;
}

async function seedTask(
  deps: WorkDeps,
  people: { lead: SessionUser; staff: SessionUser },
  projectId: string,
  t: DemoTask,
): Promise<void> {
  // Demo data, not news: nobody is e-mailed that these tasks were assigned to them.
  const quiet = { ...deps, jobs: { send: async () => null } };
  let task = await createTask(
    quiet,
    people.lead,
    projectId,
    createTaskInput.parse({
      title: t.title,
      description: t.description,
      assigneeId: people.staff.userId,
      dueOn: t.dueIn === undefined ? null : day(t.dueIn),
      priority: t.priority,
      visibleToClient: t.visibleToClient,
    }),
  );
  const change = async (patch: { status?: TaskStatus; hoursSpent?: number }) => {
    task = await updateTask(deps, people.staff, task.id, updateTaskInput.parse({ version: task.version, ...patch }));
  };
  for (const status of MOVES[t.status]) await change({ status });
  if (t.hoursSpent) await change({ hoursSpent: t.hoursSpent });
  for (const c of t.comments ?? []) await addComment(deps, people.staff, task, createCommentInput.parse(c));
}
