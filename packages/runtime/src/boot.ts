import {
  type BaseConfig,
  baseConfigFields,
  ConfigError,
  listenHost,
  loadConfig,
  requireProductionServices,
} from '@coppertone/config';
import { type DatabaseHandle, migrateToLatest, migrationsApplied, openDatabase } from '@coppertone/db';
import { createLogger, createMetrics, type Logger, type Metrics, safeUrl, setAll } from '@coppertone/observability';
import { z } from 'zod';

export interface Booted<C> {
  /** `HOST` is always decided: see `listenHost`. */
  config: BaseConfig & C & { HOST: string };
  log: Logger;
  metrics: Metrics;
  database: DatabaseHandle;
  /** Readiness: database answers and every migration is applied. */
  ready: () => Promise<boolean>;
}

/**
 * Reads config (stopping with the full list of problems), opens the database, applies migrations,
 * and only then returns: nothing serves before the schema is current.
 */
export async function boot<F extends z.ZodRawShape>(opts: {
  name: string;
  fields: F;
  env?: NodeJS.ProcessEnv;
}): Promise<Booted<z.infer<z.ZodObject<F>>>> {
  const schema = z
    .object({ ...baseConfigFields, ...opts.fields })
    .superRefine((cfg, ctx) => requireProductionServices(cfg as BaseConfig, ctx));
  let config: BaseConfig & z.infer<z.ZodObject<F>> & { HOST: string };
  try {
    config = loadConfig(schema, opts.env ?? process.env) as BaseConfig & z.infer<z.ZodObject<F>> & { HOST: string };
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${opts.name}: cannot start.\n${err.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw err;
  }
  config.HOST = listenHost(config);
  // The address people use defaults to this process's own port, so links in mail work locally.
  if (!(opts.env ?? process.env).PUBLIC_URL) config.PUBLIC_URL = `http://localhost:${config.PORT}`;
  const log = createLogger({ name: opts.name, level: config.LOG_LEVEL });
  const metrics = createMetrics({ onSampleError: (err) => log.warn({ err }, 'a metric could not be read') });
  const database = await openDatabase({ url: config.DATABASE_URL, dataDir: config.DATA_DIR });
  const poolStats = database.poolStats;
  if (poolStats) {
    metrics.adopt([metrics.dbPoolConnections, metrics.dbPoolMax], async () => {
      const s = poolStats();
      setAll(metrics.dbPoolConnections, [
        [{ state: 'total' }, s.total],
        [{ state: 'idle' }, s.idle],
        [{ state: 'waiting' }, s.waiting],
      ]);
      metrics.dbPoolMax.set(s.max);
    });
  }
  log.info(
    {
      database:
        database.kind === 'pglite' ? `embedded PGlite in ${database.dataDir ?? 'memory'}` : safeUrl(database.url),
    },
    'database open',
  );
  const applied = await migrateToLatest(database.db);
  if (applied.length) log.info({ applied }, 'migrations applied');
  const ready = async () => (await database.ping()) && (await migrationsApplied(database.db));
  return { config, log, metrics, database, ready };
}

/** Runs `stop` once on SIGINT/SIGTERM, then exits; a second signal exits at once. */
export function onShutdown(log: Logger, stop: () => Promise<void>): void {
  let stopping = false;
  const handler = (signal: string) => {
    if (stopping) process.exit(1);
    stopping = true;
    log.info({ signal }, 'shutting down');
    stop()
      .then(() => process.exit(0))
      .catch((err) => {
        log.error({ err }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.once('SIGINT', () => handler('SIGINT'));
  process.once('SIGTERM', () => handler('SIGTERM'));
}
