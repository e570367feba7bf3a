import type { ColumnType, Generated } from 'kysely';

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;

export interface ContactMessagesTable {
  id: Generated<string>;
  name: string;
  email: string;
  company: string | null;
  message: string;
  remote_address: string | null;
  user_agent: string | null;
  created_at: CreatedAt;
}

export interface RateLimitsTable {
  key: string;
  window_start: ColumnType<Date, Date | string, Date | string>;
  hits: number;
}

export type Role = 'client' | 'staff' | 'admin';

export interface CompaniesTable {
  id: Generated<string>;
  name: string;
  created_at: CreatedAt;
}

export interface UsersTable {
  id: Generated<string>;
  email: string;
  name: string;
  password_hash: string;
  role: Role;
  company_id: string | null;
  email_confirmed_at: Date | null;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface SessionsTable {
  id: Generated<string>;
  user_id: string;
  token_hash: string;
  created_at: CreatedAt;
  last_seen_at: ColumnType<Date, Date | string | undefined, Date | string>;
  expires_at: ColumnType<Date, Date | string, Date | string>;
  user_agent: string | null;
  remote_address: string | null;
}

export interface EmailTokensTable {
  id: Generated<string>;
  user_id: string;
  purpose: 'confirm' | 'reset';
  token_hash: string;
  expires_at: ColumnType<Date, Date | string, Date | string>;
  used_at: Date | null;
  created_at: CreatedAt;
}

export interface InvitesTable {
  id: Generated<string>;
  email: string;
  role: 'client' | 'staff';
  company_id: string | null;
  invited_by: string | null;
  token_hash: string;
  expires_at: ColumnType<Date, Date | string, Date | string>;
  accepted_at: Date | null;
  created_at: CreatedAt;
}

export type ProjectStatus = 'active' | 'on_hold' | 'done';
export type TaskStatus = 'todo' | 'in_progress' | 'in_review' | 'done' | 'blocked';
export type TaskPriority = 'low' | 'normal' | 'high' | 'urgent';
type Updated = ColumnType<Date, Date | string | undefined, Date | string>;
/** `numeric` arrives from pg as a string, so no precision is lost on the way. */
type Numeric = ColumnType<string, string | number, string | number>;
type DateOnly = ColumnType<string, string, string>;

export interface ProjectsTable {
  id: Generated<string>;
  company_id: string;
  name: string;
  description: Generated<string>;
  status: Generated<ProjectStatus>;
  starts_on: DateOnly | null;
  due_on: DateOnly | null;
  budget_hours: Numeric | null;
  created_by: string | null;
  version: Generated<number>;
  created_at: CreatedAt;
  updated_at: Updated;
}

export interface TasksTable {
  id: Generated<string>;
  project_id: string;
  title: string;
  description: Generated<string>;
  assignee_id: string | null;
  due_on: DateOnly | null;
  priority: Generated<TaskPriority>;
  status: Generated<TaskStatus>;
  visible_to_client: Generated<boolean>;
  hours_spent: ColumnType<string, string | number | undefined, string | number>;
  version: Generated<number>;
  created_at: CreatedAt;
  updated_at: Updated;
}

export interface TaskCommentsTable {
  id: Generated<string>;
  task_id: string;
  author_id: string | null;
  body: string;
  visible_to_client: Generated<boolean>;
  created_at: CreatedAt;
}

export interface ActivityTable {
  id: Generated<string>;
  project_id: string;
  task_id: string | null;
  actor_id: string | null;
  action: string;
  changes: ColumnType<Record<string, unknown>, string, string>;
  created_at: CreatedAt;
}

/** Every table of the one database, as Kysely sees it. */
export interface Database {
  contact_messages: ContactMessagesTable;
  rate_limits: RateLimitsTable;
  companies: CompaniesTable;
  users: UsersTable;
  sessions: SessionsTable;
  email_tokens: EmailTokensTable;
  invites: InvitesTable;
  projects: ProjectsTable;
  tasks: TasksTable;
  task_comments: TaskCommentsTable;
  activity: ActivityTable;
}
