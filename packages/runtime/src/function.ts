import type { SessionCache } from '@coppertone/auth';
import type { BaseConfig } from '@coppertone/config';
import type { DatabaseHandle } from '@coppertone/db';
import type { FunctionApp } from '@coppertone/http';
import type { Jobs } from '@coppertone/jobs';
import type { Logger, Metrics } from '@coppertone/observability';
import type { z } from 'zod';

/**
 * What every function is built from: the parts its process owns, one of each per process, whether
 * the process is the function's own container, the all-in-one server or a test. A function opens
 * only what is its own (read caches, event buses) and closes only that.
 */
export interface FunctionDeps {
  database: DatabaseHandle;
  jobs: Jobs;
  /** One session cache per process, so a revocation reaches every function in it; the worker has none. */
  sessions?: SessionCache;
  log: Logger;
  metrics: Metrics;
  /** Readiness of the process (database answers, migrations applied). */
  ready: () => Promise<boolean>;
  /** The address people use (links in mail, the same-origin check). */
  publicUrl: string;
  /** Whether X-Forwarded-For names the client (behind the platform's own proxy). */
  trustProxy: boolean;
}

/** A function built from its parts: its app, and how to close what it opened itself. */
export interface BuiltFunction {
  app: FunctionApp;
  /** Closes the function's own parts (not the shared ones in FunctionDeps). */
  close(): Promise<void>;
  /** Shown in the "listening" log line (e.g. the payment providers). */
  describe?: Record<string, unknown>;
}

/**
 * One function as any process starts it: its settings, the queues it sends to, how its own
 * options are read from the settings, and how it is built. Its `main.ts` is `runFunction(def)`; the
 * all-in-one server and the tests call `fromConfig`/`build` with parts of their own.
 */
export interface FunctionDefinition<F extends z.ZodRawShape, O> {
  name: string;
  /** Settings read beyond the base ones (packages/config). */
  configFields: F;
  /** Queues it sends jobs to: a process creates them at start, so a job never goes to a missing queue. */
  queues: string[];
  /** `worker` works the queues itself; the others only send (the default). */
  role?: 'producer' | 'worker';
  /** Its options from its settings; every problem is named and stops the process (exit 78). */
  fromConfig(config: BaseConfig & z.infer<z.ZodObject<F>>): { options: O; problems: string[] };
  build(deps: FunctionDeps, options: O): Promise<BuiltFunction>;
}

/** A definition keeps its settings' and options' types through this (a plain object literal loses them). */
export const defineFunction = <F extends z.ZodRawShape, O>(def: FunctionDefinition<F, O>): FunctionDefinition<F, O> =>
  def;

/** Stops the process with the configuration problems named, as a bad setting in `boot` does. */
export function exitOnProblems(name: string, problems: string[]): void {
  if (!problems.length) return;
  process.stderr.write(
    `${name}: cannot start.\nInvalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}\n`,
  );
  process.exit(78); // EX_CONFIG
}
