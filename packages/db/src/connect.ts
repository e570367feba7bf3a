import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.ts';

export interface DatabaseHandle {
  db: Kysely<Database>;
  /** A connection string other clients (pg-boss) can use: the real server, or the embedded one's socket. */
  url: string;
  kind: 'postgres' | 'pglite';
  /** Where the embedded database lives, when embedded. */
  dataDir?: string;
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** A PostgreSQL URL; when absent an embedded PGlite database is used. */
  url?: string;
  /** Folder for the embedded database; `memory://` keeps it in memory (tests). */
  dataDir?: string;
  poolSize?: number;
}

/**
 * Opens the one database. Without a URL it starts PGlite (real PostgreSQL compiled to WASM) and
 * serves it on a loopback socket, so `pg`, Kysely and pg-boss all speak the same wire protocol to
 * it as to a real server: one code path, one SQL dialect.
 */
export async function openDatabase(opts: OpenOptions): Promise<DatabaseHandle> {
  const poolSize = opts.poolSize ?? 10;
  if (opts.url) return fromPool(opts.url, poolSize, 'postgres', async () => {});

  const { PGlite } = await import('@electric-sql/pglite');
  const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');
  const dir = opts.dataDir ?? 'memory://';
  const dataDir = dir.startsWith('memory://') ? undefined : resolve(dir, 'pglite');
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const lite = await PGlite.create(dataDir);
  // Every pool connection plus pg-boss's and a margin: fewer slots reset extra connections.
  const server = new PGLiteSocketServer({ db: lite, host: '127.0.0.1', port: 0, maxConnections: poolSize + 20 });
  await server.start();
  const url = `postgres://postgres@${server.getServerConn()}/postgres`;
  const handle = fromPool(url, poolSize, 'pglite', async () => {
    await server.stop();
    await lite.close();
  });
  return { ...handle, dataDir };
}

function fromPool(url: string, max: number, kind: DatabaseHandle['kind'], after: () => Promise<void>): DatabaseHandle {
  const pool = new pg.Pool({ connectionString: url, max, idleTimeoutMillis: 30_000 });
  // An idle client losing its server must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    url,
    kind,
    async ping() {
      try {
        await sql`select 1`.execute(db);
        return true;
      } catch {
        return false;
      }
    },
    async close() {
      await db.destroy();
      await after();
    },
  };
}
