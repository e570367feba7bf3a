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
  /** When staff were e-mailed about it; empty while the message waits in the outbox. */
  notified_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  /** A worker holds the message until then while it sends the e-mail (or waits to retry after a failure). */
  notify_lease_until: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  notify_attempts: Generated<number>;
  /** When a member of staff first opened it; empty while unread. */
  read_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  status: ColumnType<ContactStatus, ContactStatus | undefined, ContactStatus>;
  status_changed_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  status_changed_by: ColumnType<string | null, string | null | undefined, string | null>;
  /** The client company made from the message, if any. */
  company_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** The project made from the message, if any. */
  project_id: ColumnType<string | null, string | null | undefined, string | null>;
}

export type ContactStatus = 'new' | 'handled' | 'spam';

export interface ContactRepliesTable {
  id: Generated<string>;
  message_id: string;
  author_id: string | null;
  body: string;
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
  /** Whether its client contacts may invite colleagues into it. */
  client_invites: Generated<boolean>;
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
  /** Notification kinds (@coppertone/contracts NOTIFICATIONS) this person has turned off. */
  muted_notifications: ColumnType<string[], string[] | undefined, string[]>;
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

export type InvoiceStatus = 'draft' | 'sent' | 'partially_paid' | 'paid' | 'overpaid' | 'void';
export type Provider = 'stripe' | 'btcpay';
export type AttemptStatus = 'open' | 'processing' | 'paid' | 'partial' | 'overpaid' | 'failed' | 'expired' | 'mismatch';
/** `bigint` money in minor units; pg returns it as a string so nothing is lost. */
type Money = ColumnType<string, string | number | bigint, string | number | bigint>;

export interface InvoiceNumbersTable {
  year: number;
  last: number;
}

export interface InvoicesTable {
  id: Generated<string>;
  company_id: string;
  project_id: string | null;
  number: string | null;
  status: ColumnType<InvoiceStatus, InvoiceStatus | undefined, InvoiceStatus>;
  currency: string;
  tax_rate_bp: number;
  subtotal: Money;
  tax: Money;
  total: Money;
  amount_paid: ColumnType<string, string | number | bigint | undefined, string | number | bigint>;
  due_on: DateOnly;
  notes: ColumnType<string, string | undefined, string>;
  issued_at: Date | null;
  created_by: string | null;
  version: Generated<number>;
  created_at: CreatedAt;
  updated_at: Updated;
}

export interface InvoiceLinesTable {
  id: Generated<string>;
  invoice_id: string;
  position: number;
  description: string;
  quantity_milli: Money;
  unit_price: Money;
  amount: Money;
}

export interface PaymentAttemptsTable {
  id: Generated<string>;
  invoice_id: string;
  provider: Provider;
  provider_ref: string | null;
  amount: Money;
  currency: string;
  status: ColumnType<AttemptStatus, AttemptStatus | undefined, AttemptStatus>;
  checkout_url: string | null;
  expires_at: Date | null;
  last_checked_at: Date | null;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: Updated;
}

export interface PaymentsTable {
  id: Generated<string>;
  attempt_id: string;
  invoice_id: string;
  provider: Provider;
  amount: Money;
  currency: string;
  kind: 'full' | 'partial' | 'over' | 'late';
  source: string;
  recorded_at: CreatedAt;
  updated_at: Updated;
}

export interface ProviderEventsTable {
  id: Generated<string>;
  provider: Provider;
  event_id: string;
  type: string;
  payload: string;
  outcome: string;
  attempt_id: string | null;
  received_at: CreatedAt;
}

export interface TaskLeasesTable {
  name: string;
  holder: string;
  expires_at: ColumnType<Date, Date | string, Date | string>;
}

export interface WebhookFailuresTable {
  id: Generated<string>;
  provider: Provider;
  /** `signature` (refused) or `provider` (could not confirm with the provider). */
  kind: ColumnType<string, string | undefined, string>;
  reason: string;
  /** Deliveries of this kind in the row's minute (one row per provider, kind and minute). */
  count: ColumnType<number, number | undefined, number>;
  window_start: Date | null;
  received_at: CreatedAt;
}

export type RefundStatus = 'pending' | 'succeeded' | 'failed';

export interface RefundsTable {
  id: Generated<string>;
  invoice_id: string;
  payment_id: string;
  provider: Provider;
  amount: Money;
  currency: string;
  status: ColumnType<RefundStatus, RefundStatus | undefined, RefundStatus>;
  /** Stripe refund id (re_…) or BTCPay pull payment id. */
  provider_ref: string | null;
  /** BTCPay: the pull payment page where the client claims the refund. */
  claim_url: string | null;
  note: ColumnType<string, string | undefined, string>;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: Updated;
}

/** Every table of the one database, as Kysely sees it. */
export interface Database {
  contact_messages: ContactMessagesTable;
  contact_replies: ContactRepliesTable;
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
  invoice_numbers: InvoiceNumbersTable;
  invoices: InvoicesTable;
  invoice_lines: InvoiceLinesTable;
  payment_attempts: PaymentAttemptsTable;
  payments: PaymentsTable;
  provider_events: ProviderEventsTable;
  webhook_failures: WebhookFailuresTable;
  refunds: RefundsTable;
  task_leases: TaskLeasesTable;
}
