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

/** Every table of the one database, as Kysely sees it. */
export interface Database {
  contact_messages: ContactMessagesTable;
  rate_limits: RateLimitsTable;
}
