import { startCluster } from './cluster.ts';
import { TEST_ADMIN_URL_ENV } from './database.ts';

/**
 * Vitest global setup of the integration tier: a throwaway PostgreSQL for the run, unless
 * DATABASE_URL names one to use, or TEST_DB=pglite runs the suite on embedded PGlite instead.
 */
export default async function setup(): Promise<() => void> {
  if (process.env.TEST_DB === 'pglite') return () => {};
  if (process.env.DATABASE_URL) {
    process.env[TEST_ADMIN_URL_ENV] = process.env.DATABASE_URL;
    return () => {};
  }
  const cluster = await startCluster();
  process.env[TEST_ADMIN_URL_ENV] = cluster.url;
  return () => cluster.stop();
}
