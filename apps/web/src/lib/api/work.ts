/** The work function (`/api/work`): client companies, projects, tasks, comments and live events. */
import { apiClient, data, type Fetch, filled, isApiError, via } from './client.ts';
import type { components, paths } from './generated/work.ts';

type Schemas = components['schemas'];

export type WorkCompany = Schemas['Company'];
export type Project = Schemas['Project'];
export type Task = Schemas['Task'];
export type Comment = Schemas['Comment'];
export type Activity = Schemas['ActivityPage']['items'][number];
export type ProjectStatus = Project['status'];
export type TaskStatus = Task['status'];
export type Priority = Task['priority'];

/** A project as GET /projects/{id} answers: staff also get the newest entries of its activity log (PROJECT_ACTIVITY_HEAD). */
export type ProjectWithActivity = Schemas['ProjectDetail'];

/** What a GET of the work API answers (200). */
type Answer<P extends keyof paths> = paths[P] extends {
  get: { responses: { 200: { content: { 'application/json': infer A } } } };
}
  ? A
  : never;
export type ProjectPage = Answer<'/projects'>;
export type TaskPage = Answer<'/tasks'>;

export type ProjectFilter = NonNullable<paths['/projects']['get']['parameters']['query']>;
export type MyTasksFilter = NonNullable<paths['/tasks']['get']['parameters']['query']>;

const api = apiClient<paths>('/api/work');

export const listWorkCompanies = async (fetch?: Fetch): Promise<WorkCompany[]> =>
  (await data(api.GET('/companies', via(fetch)))).items;

export const createWorkCompany = (name: string): Promise<WorkCompany> =>
  data(api.POST('/companies', { body: { name }, ...via() }));

export const listProjects = (filter: ProjectFilter, fetch?: Fetch): Promise<ProjectPage> =>
  data(api.GET('/projects', { params: { query: filled(filter) }, ...via(fetch) }));

export const createProject = (input: Schemas['CreateProjectInput']): Promise<Project> =>
  data(api.POST('/projects', { body: input, ...via() }));

export const getProject = (projectId: string, fetch?: Fetch): Promise<ProjectWithActivity> =>
  data(api.GET('/projects/{id}', { params: { path: { id: projectId } }, ...via(fetch) }));

/** The newest entries of a project's activity log come with the project (getProject): at most this many. */
export const PROJECT_ACTIVITY_HEAD = 50;

/** One page of a project's activity, newest first; `before` is the previous page's `next` (staff). */
export const listProjectActivity = (
  projectId: string,
  page: { before?: string; limit?: number },
  fetch?: Fetch,
): Promise<Schemas['ActivityPage']> =>
  data(api.GET('/projects/{id}/activity', { params: { path: { id: projectId }, query: filled(page) }, ...via(fetch) }));

export const updateProject = (projectId: string, input: Schemas['UpdateProjectInput']): Promise<Project> =>
  data(api.PATCH('/projects/{id}', { params: { path: { id: projectId } }, body: input, ...via() }));

/** All of a project's tasks (the board shows them together), page by page of 100. */
export async function listProjectTasks(projectId: string, fetch?: Fetch): Promise<Task[]> {
  const tasks: Task[] = [];
  for (let page = 1; page < 100; page++) {
    const reply = await data(
      api.GET('/projects/{id}/tasks', {
        params: { path: { id: projectId }, query: { page, pageSize: 100 } },
        ...via(fetch),
      }),
    );
    tasks.push(...reply.items);
    if (tasks.length >= reply.total || reply.items.length === 0) break;
  }
  return tasks;
}

export const createTask = (projectId: string, input: Schemas['CreateTaskInput']): Promise<Task> =>
  data(api.POST('/projects/{id}/tasks', { params: { path: { id: projectId } }, body: input, ...via() }));

export const myTasks = (filter: MyTasksFilter, fetch?: Fetch): Promise<TaskPage> =>
  data(api.GET('/tasks', { params: { query: filled(filter) }, ...via(fetch) }));

export const getTask = (taskId: string, fetch?: Fetch): Promise<Task> =>
  data(api.GET('/tasks/{id}', { params: { path: { id: taskId } }, ...via(fetch) }));

export const updateTask = (taskId: string, input: Schemas['UpdateTaskInput']): Promise<Task> =>
  data(api.PATCH('/tasks/{id}', { params: { path: { id: taskId } }, body: input, ...via() }));

// Every value of the enums, so a new one in the API fails the typecheck here instead of being refused.
const STATUSES: Record<TaskStatus, true> = {
  todo: true,
  in_progress: true,
  in_review: true,
  done: true,
  blocked: true,
};
const PRIORITIES: Record<Priority, true> = { low: true, normal: true, high: true, urgent: true };

const isStatus = (value: unknown): value is TaskStatus => typeof value === 'string' && Object.hasOwn(STATUSES, value);
const isPriority = (value: unknown): value is Priority => typeof value === 'string' && Object.hasOwn(PRIORITIES, value);
const textOrNull = (value: unknown): value is string | null => value === null || typeof value === 'string';

/** A value with every field of a `Task`, each of its type, as a new object of those fields only (else undefined). */
export function taskFrom(value: unknown): Task | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const v = value as Record<string, unknown>;
  const texts = [v.id, v.projectId, v.companyId, v.title, v.description];
  if (!texts.every((t) => typeof t === 'string')) return undefined;
  if (!textOrNull(v.assigneeId) || !textOrNull(v.assigneeName) || !textOrNull(v.dueOn)) return undefined;
  if (!isStatus(v.status) || !isPriority(v.priority) || typeof v.visibleToClient !== 'boolean') return undefined;
  if (typeof v.hoursSpent !== 'number' || !Number.isFinite(v.hoursSpent) || v.hoursSpent < 0) return undefined;
  if (!Number.isSafeInteger(v.version) || (v.version as number) < 1) return undefined;
  if (!Array.isArray(v.allowedMoves) || !v.allowedMoves.every(isStatus)) return undefined;
  return {
    id: v.id as string,
    projectId: v.projectId as string,
    companyId: v.companyId as string,
    title: v.title as string,
    description: v.description as string,
    assigneeId: v.assigneeId,
    assigneeName: v.assigneeName,
    dueOn: v.dueOn,
    priority: v.priority,
    status: v.status,
    visibleToClient: v.visibleToClient,
    hoursSpent: v.hoursSpent,
    version: v.version as number,
    allowedMoves: [...v.allowedMoves],
  };
}

/**
 * The task as it is now, from a refused `updateTask` of it: a stale version's 409 carries it
 * (`details.current`), checked before it is trusted. Undefined for any other failure, a 409 without
 * it (a move the workflow forbids) or one whose task is malformed or another: then read it again.
 */
export function currentTaskOf(failure: unknown, taskId: string): Task | undefined {
  if (!isApiError(failure) || failure.status !== 409) return undefined;
  const task = taskFrom(failure.details?.current);
  return task?.id === taskId ? task : undefined;
}

export const listComments = async (taskId: string, fetch?: Fetch): Promise<Comment[]> =>
  (await data(api.GET('/tasks/{id}/comments', { params: { path: { id: taskId } }, ...via(fetch) }))).items;

export const addComment = (taskId: string, input: Schemas['CreateCommentInput']): Promise<Comment> =>
  data(api.POST('/tasks/{id}/comments', { params: { path: { id: taskId } }, body: input, ...via() }));

export const EVENTS_URL = '/api/work/events';
