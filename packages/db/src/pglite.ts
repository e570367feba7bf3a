import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import {
  type DatabaseConnection,
  type Dialect,
  type Driver,
  Kysely,
  PGliteDialect,
  type QueryCompiler,
  type TransactionSettings,
} from 'kysely';
import type { Database } from './tables.ts';

/** One holder at a time: PGlite is a single backend session shared by everything in the process. */
class Mutex {
  #tail: Promise<void> = Promise.resolve();
  lock(): Promise<() => void> {
    let release!: () => void;
    const next = new Promise<void>((r) => {
      release = r;
    });
    const ready = this.#tail.then(() => release);
    this.#tail = this.#tail.then(() => next);
    return ready;
  }
  async run<T>(fn: () => Promise<T>): Promise<T> {
    const release = await this.lock();
    try {
      return await fn();
    } finally {
      release();
    }
  }
}

/**
 * Kysely's PGlite driver hands its one connection to every caller; a query issued while another
 * caller's transaction is open would run inside that transaction. This driver makes each caller
 * wait for the connection, so a transaction has it alone from BEGIN to COMMIT.
 */
class ExclusiveDriver implements Driver {
  readonly #inner: Driver;
  readonly #mutex: Mutex;
  readonly #held = new Map<DatabaseConnection, () => void>();
  constructor(inner: Driver, mutex: Mutex) {
    this.#inner = inner;
    this.#mutex = mutex;
  }
  init() {
    return this.#inner.init();
  }
  async acquireConnection() {
    const release = await this.#mutex.lock();
    const connection = withoutParameterErrors(await this.#inner.acquireConnection());
    this.#held.set(connection, release);
    return connection;
  }
  async releaseConnection(connection: DatabaseConnection) {
    await this.#inner.releaseConnection(connection);
    const release = this.#held.get(connection);
    this.#held.delete(connection);
    release?.();
  }
  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings) {
    return this.#inner.beginTransaction(connection, settings);
  }
  commitTransaction(connection: DatabaseConnection) {
    return this.#inner.commitTransaction(connection);
  }
  rollbackTransaction(connection: DatabaseConnection) {
    return this.#inner.rollbackTransaction(connection);
  }
  savepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']) {
    return this.#inner.savepoint?.(connection, name, compile) ?? Promise.resolve();
  }
  rollbackToSavepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']) {
    return this.#inner.rollbackToSavepoint?.(connection, name, compile) ?? Promise.resolve();
  }
  releaseSavepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']) {
    return this.#inner.releaseSavepoint?.(connection, name, compile) ?? Promise.resolve();
  }
  destroy() {
    return this.#inner.destroy();
  }
}

/**
 * PGlite puts a failed statement's parameters on its error (`params`, with `queryOptions`), and
 * whoever logs the error logs them: a registration that failed at the database logged the new
 * password's hash. They are taken off where the error arises, so no logger has to know.
 */
export function dropStatementParameters(err: unknown): unknown {
  for (let e = err, depth = 0; e !== null && typeof e === 'object' && depth < 8; e = (e as Error).cause, depth++) {
    for (const key of ['params', 'parameters', 'queryOptions']) if (Object.hasOwn(e, key)) delete (e as never)[key];
  }
  return err;
}

const cleaned = new WeakMap<DatabaseConnection, DatabaseConnection>();

/**
 * The connection as it is (its transaction methods are private to the driver, so a proxy forwards
 * every member bound to it), except that a failed query's error loses its parameters.
 */
function withoutParameterErrors(connection: DatabaseConnection): DatabaseConnection {
  let proxy = cleaned.get(connection);
  if (!proxy) {
    proxy = new Proxy(connection, {
      get(target, key) {
        if (key === 'executeQuery') {
          return (query: Parameters<DatabaseConnection['executeQuery']>[0]) =>
            target.executeQuery(query).catch((err: unknown) => {
              throw dropStatementParameters(err);
            });
        }
        const value = Reflect.get(target, key, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    cleaned.set(connection, proxy);
  }
  return proxy;
}

export interface SqlExecutor {
  /** Several statements without parameters answer one result per statement, as `pg` does. */
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

/** Embedded PostgreSQL in this process: Kysely and the job queue share it through one lock. */
export async function openPglite(dataDir: string | undefined, loadFrom?: Blob) {
  const dir = dataDir ? resolve(dataDir, 'pglite') : undefined;
  if (dir) mkdirSync(dir, { recursive: true });
  // 64-bit integers and numerics arrive as strings, as `pg` delivers them: no precision lost, one code path.
  const lite = await PGlite.create(dir, {
    parsers: { 20: (v: string) => v, 1700: (v: string) => v },
    ...(loadFrom && !dir ? { loadDataDir: loadFrom } : {}),
  });
  const mutex = new Mutex();
  const base = new PGliteDialect({ pglite: lite });
  const dialect: Dialect = {
    createAdapter: () => base.createAdapter(),
    createDriver: () => new ExclusiveDriver(base.createDriver(), mutex),
    createIntrospector: (db) => base.createIntrospector(db),
    createQueryCompiler: () => base.createQueryCompiler(),
  };
  const db = new Kysely<Database>({ dialect });
  // pg-boss runs its own SQL, some of it several statements without parameters (exec handles those).
  const executor: SqlExecutor = {
    executeSql: (text, values) =>
      mutex
        .run(async () => {
          if (values?.length) return { rows: (await lite.query(text, values)).rows };
          const results = await lite.exec(text);
          if (results.length === 1) return { rows: results[0]?.rows ?? [] };
          return results.map((r) => ({ rows: r.rows })) as unknown as { rows: unknown[] };
        })
        .catch((err: unknown) => {
          throw dropStatementParameters(err);
        }),
  };
  // Under the lock, so no statement runs while the files are copied.
  const snapshot = (): Promise<Blob> => mutex.run(() => lite.dumpDataDir('none'));
  return { db, dir, executor, snapshot, close: () => db.destroy() };
}
