/** The work function (`/api/work`): client companies, projects, tasks, comments and live events. */
import { type Fetch, request } from './client.ts';

const BASE = '/api/work';

export type ProjectStatus = 'active' | 'on_hold' | 'done';
export type TaskStatus = 'todo' | 'in_progress' | 'in_review' | 'done' | 'blocked';
export type Priority = 'low' | 'normal' | 'high' | 'urgent';

export interface Page<T> {
  items: T[];
  page: number;
  pageSize: number;
  total: number;
}

export interface WorkCompany {
  id: string;
  name: string;
  projects: number;
  contacts: number;
}

export interface Project {
  id: string;
  companyId: string;
  companyName: string;
  name: string;
  description: string;
  status: ProjectStatus;
  startsOn: string | null;
  dueOn: string | null;
  budgetHours: number | null;
  hoursSpent: number;
  progress: { done: number; total: number };
  version: number;
}

export interface Activity {
  id: string;
  action: string;
  changes: Record<string, { from: unknown; to: unknown }> | null;
  at: string;
  taskId: string | null;
  taskTitle: string | null;
  actorName: string | null;
}

export interface ProjectWithActivity extends Project {
  activity?: Activity[];
}

export interface Task {
  id: string;
  projectId: string;
  companyId: string;
  title: string;
  description: string;
  assigneeId: string | null;
  assigneeName: string | null;
  dueOn: string | null;
  priority: Priority;
  status: TaskStatus;
  visibleToClient: boolean;
  hoursSpent: number;
  version: number;
}

export interface Comment {
  id: string;
  taskId: string;
  authorName: string | null;
  body: string;
  visibleToClient: boolean;
  createdAt?: string;
}

const id = (value: string) => encodeURIComponent(value);

function query(params: Record<string, string | number | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params))
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}

export const listWorkCompanies = async (fetch?: Fetch): Promise<WorkCompany[]> =>
  (await request<{ items: WorkCompany[] }>('GET', `${BASE}/companies`, { fetch })).items;

export const createWorkCompany = (name: string): Promise<WorkCompany> =>
  request('POST', `${BASE}/companies`, { body: { name } });

export const listProjects = (
  filter: { status?: string; company?: string; page?: number; pageSize?: number },
  fetch?: Fetch,
): Promise<Page<Project>> => request('GET', `${BASE}/projects${query(filter)}`, { fetch });

export const createProject = (input: {
  companyId: string;
  name: string;
  description?: string;
  status?: ProjectStatus;
  startsOn?: string | null;
  dueOn?: string | null;
  budgetHours?: number | null;
}): Promise<Project> => request('POST', `${BASE}/projects`, { body: input });

export const getProject = (projectId: string, fetch?: Fetch): Promise<ProjectWithActivity> =>
  request('GET', `${BASE}/projects/${id(projectId)}`, { fetch });

/** The newest entries of a project's activity log come with the project (getProject): at most this many. */
export const PROJECT_ACTIVITY_HEAD = 50;

/** One page of a project's activity, newest first; `before` is the previous page's `next` (staff). */
export const listProjectActivity = (
  projectId: string,
  page: { before?: string; limit?: number },
  fetch?: Fetch,
): Promise<{ items: Activity[]; next: string | null }> =>
  request('GET', `${BASE}/projects/${id(projectId)}/activity${query(page)}`, { fetch });

export const updateProject = (
  projectId: string,
  input: { version: number } & Partial<Omit<Project, 'id' | 'version' | 'companyId' | 'companyName'>>,
): Promise<Project> => request('PATCH', `${BASE}/projects/${id(projectId)}`, { body: input });

/** All of a project's tasks (the board shows them together), page by page of 100. */
export async function listProjectTasks(projectId: string, fetch?: Fetch): Promise<Task[]> {
  const tasks: Task[] = [];
  for (let page = 1; page < 100; page++) {
    const reply = await request<Page<Task>>(
      'GET',
      `${BASE}/projects/${id(projectId)}/tasks${query({ page, pageSize: 100 })}`,
      {
        fetch,
      },
    );
    tasks.push(...reply.items);
    if (tasks.length >= reply.total || reply.items.length === 0) break;
  }
  return tasks;
}

export const createTask = (
  projectId: string,
  input: {
    title: string;
    description?: string;
    assigneeId?: string | null;
    dueOn?: string | null;
    priority: Priority;
    visibleToClient: boolean;
  },
): Promise<Task> => request('POST', `${BASE}/projects/${id(projectId)}/tasks`, { body: input });

export const myTasks = (
  filter: { status?: string; page?: number; pageSize?: number },
  fetch?: Fetch,
): Promise<Page<Task>> => request('GET', `${BASE}/tasks${query(filter)}`, { fetch });

export const getTask = (taskId: string, fetch?: Fetch): Promise<Task> =>
  request('GET', `${BASE}/tasks/${id(taskId)}`, { fetch });

export const updateTask = (
  taskId: string,
  input: {
    version: number;
    title?: string;
    description?: string;
    assigneeId?: string | null;
    dueOn?: string | null;
    priority?: Priority;
    status?: TaskStatus;
    visibleToClient?: boolean;
    hoursSpent?: number;
  },
): Promise<Task> => request('PATCH', `${BASE}/tasks/${id(taskId)}`, { body: input });

export const listComments = async (taskId: string, fetch?: Fetch): Promise<Comment[]> =>
  (await request<{ items: Comment[] }>('GET', `${BASE}/tasks/${id(taskId)}/comments`, { fetch })).items;

export const addComment = (taskId: string, input: { body: string; visibleToClient: boolean }): Promise<Comment> =>
  request('POST', `${BASE}/tasks/${id(taskId)}/comments`, { body: input });

export const EVENTS_URL = `${BASE}/events`;
