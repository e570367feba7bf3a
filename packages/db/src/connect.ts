import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { SqlExecutor } from './pglite.ts';
import type { Database } from './tables.ts';

export interface DatabaseHandle {
  db: Kysely<Database>;
  /** The real server's connection string (empty for the embedded database). */
  url: string;
  /** For the embedded database: how other clients (the job queue) run SQL in this process. */
  executor?: SqlExecutor;
  kind: 'postgres' | 'pglite';
  /** Where the embedded database lives, when embedded. */
  dataDir?: string;
  /** The embedded database's files as one tarball (tests open copies of a migrated one). */
  snapshot?(): Promise<Blob>;
  ping(): Promise<boolean>;
  close(): Promise<void>;
  /** The pool's clients now (a real server only; the embedded database is one session in this process). */
  poolStats?(): PoolStats;
}

export interface PoolStats {
  total: number;
  idle: number;
  /** Queries waiting for a client: the pool is too small for the load. */
  waiting: number;
  max: number;
}

export interface OpenOptions {
  /** A PostgreSQL URL; when absent an embedded PGlite database is used. */
  url?: string;
  /** Folder for the embedded database; `memory://` keeps it in memory (tests). */
  dataDir?: string;
  poolSize?: number;
  /** For an in-memory embedded database: start from these files (a `snapshot()`) instead of an empty cluster. */
  loadFrom?: Blob;
}

/**
 * Opens the one database. Without a URL it starts PGlite (real PostgreSQL compiled to WASM) in
 * this process: the same SQL and migrations, one session shared under a lock.
 */
export async function openDatabase(opts: OpenOptions): Promise<DatabaseHandle> {
  const poolSize = opts.poolSize ?? 10;
  if (opts.url) return fromPool(opts.url, poolSize);

  const dataDir = !opts.dataDir || opts.dataDir.startsWith('memory://') ? undefined : opts.dataDir;
  // Loaded only when used: the function images talk to a real server and do not ship PGlite.
  const { openPglite } = await import('./pglite.ts');
  const lite = await openPglite(dataDir, opts.loadFrom);
  return {
    db: lite.db,
    url: '',
    kind: 'pglite',
    dataDir: lite.dir,
    executor: lite.executor,
    snapshot: lite.snapshot,
    ping: () => ping(lite.db),
    close: lite.close,
  };
}

async function ping(db: Kysely<Database>): Promise<boolean> {
  try {
    await sql`select 1`.execute(db);
    return true;
  } catch {
    return false;
  }
}

function fromPool(url: string, max: number): DatabaseHandle {
  // A connection that cannot be made in 10 s fails (a request then answers 503: packages/http's
  // isUnavailable) instead of holding a pool slot for the operating system's TCP timeout.
  const pool = new pg.Pool({ connectionString: url, max, idleTimeoutMillis: 30_000, connectionTimeoutMillis: 10_000 });
  // An idle client losing its server must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    url,
    kind: 'postgres',
    ping: () => ping(db),
    close: () => db.destroy(),
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount, max }),
  };
}
