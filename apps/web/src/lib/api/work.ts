/** The work function (`/api/work`): client companies, projects, tasks, comments and live events. */
import { apiClient, data, type Fetch, filled, via } from './client.ts';
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

export const listComments = async (taskId: string, fetch?: Fetch): Promise<Comment[]> =>
  (await data(api.GET('/tasks/{id}/comments', { params: { path: { id: taskId } }, ...via(fetch) }))).items;

export const addComment = (taskId: string, input: Schemas['CreateCommentInput']): Promise<Comment> =>
  data(api.POST('/tasks/{id}/comments', { params: { path: { id: taskId } }, body: input, ...via() }));

export const EVENTS_URL = '/api/work/events';
