import { createSessionCache } from '@coppertone/auth';
import { listen } from '@coppertone/http';
import { startJobs } from '@coppertone/jobs';
import type { z } from 'zod';
import { boot, onShutdown } from './boot.ts';
import { exitOnProblems, type FunctionDefinition } from './function.ts';

/**
 * A function in a process of its own (one container): boots (settings, database, migrations),
 * builds the function from the process's parts, listens, and on SIGTERM closes in reverse order.
 * Each `services/<name>/src/main.ts` is this one call.
 */
export async function runFunction<F extends z.ZodRawShape, O>(def: FunctionDefinition<F, O>): Promise<void> {
  const { config, log, metrics, database, ready } = await boot({ name: def.name, fields: def.configFields });
  const { options, problems } = def.fromConfig(config);
  exitOnProblems(def.name, problems);
  const worker = def.role === 'worker';
  const jobs = await startJobs({
    database,
    log,
    role: worker ? 'worker' : 'producer',
    queues: def.queues,
    ...(worker ? { metrics } : {}),
  });
  const sessions = worker ? undefined : await createSessionCache(database);
  const built = await def.build(
    { database, jobs, sessions, log, metrics, ready, publicUrl: config.PUBLIC_URL, trustProxy: config.TRUST_PROXY },
    options,
  );
  const server = await listen(built.app, { port: config.PORT, host: config.HOST });
  log.info({ port: server.port, ...built.describe }, `${def.name} ${worker ? 'running' : 'function listening'}`);
  onShutdown(log, async () => {
    await server.close();
    await built.close();
    await sessions?.close();
    await jobs.stop();
    await database.close();
  });
}
