// The all-in-one server as a child process, and the clean-up that runs however the bench ends.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const MAIN = fileURLToPath(new URL('../../apps/server/src/main.ts', import.meta.url));
const WORKER_MAIN = fileURLToPath(new URL('../../services/worker/src/main.ts', import.meta.url));

/** Server settings that must come from the bench, never leak in from the caller's shell. */
const CONTROLLED = [
  'DATABASE_URL',
  'DATA_DIR',
  'PORT',
  'HOST',
  'SMTP_URL',
  'WEB_ROOT',
  'TRUST_PROXY',
  'LOG_LEVEL',
  'NODE_ENV',
  'PUBLIC_URL',
  'RUN_WORKER',
];

const children = new Set<ChildProcess>();
const cleanups: (() => void)[] = [];

/** Runs `fn` (synchronously) when the bench process exits, whatever the reason. */
export function onCleanup(fn: () => void): void {
  cleanups.push(fn);
}

process.on('exit', () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const fn of cleanups.splice(0).reverse()) {
    try {
      fn();
    } catch (err) {
      process.stderr.write(`[bench] clean-up failed: ${err instanceof Error ? err.message : String(err)}\n`);
    }
  }
});

export interface Server {
  url: string;
  pid: number;
  /** Polls `path` until it answers 200; returns ms since spawn. Fails if the child exits first. */
  waitFor(path: string, opts: { timeoutMs: number; intervalMs: number }): Promise<number>;
  stop(): Promise<void>;
}

/** The all-in-one server (`apps/server`); with `RUN_WORKER: 'false'` it leaves jobs to a worker process. */
export function startServer(port: number, env: Record<string, string>): Server {
  return startChild(MAIN, port, env);
}

/**
 * The worker as production runs it, in its own process (`services/worker`): queued jobs, the contact
 * outbox, the payment reconciler. It answers /readyz on `port`.
 */
export function startWorker(port: number, env: Record<string, string>): Server {
  return startChild(WORKER_MAIN, port, env);
}

function startChild(main: string, port: number, env: Record<string, string>): Server {
  const childEnv: NodeJS.ProcessEnv = { ...process.env };
  for (const key of CONTROLLED) delete childEnv[key];
  Object.assign(childEnv, { HOST: '127.0.0.1', PORT: String(port), ...env });

  const spawnedAt = performance.now();
  const child = spawn(process.execPath, [main], { cwd: ROOT, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let log = ''; // the child's recent output, shown if it dies or never gets ready
  const keep = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = once(child, 'exit')
    .catch(() => {})
    .then(() => {
      children.delete(child);
    });
  const url = `http://127.0.0.1:${port}`;
  const dead = () => child.exitCode !== null || child.signalCode !== null;

  return {
    url,
    pid: child.pid ?? 0,
    async waitFor(path, { timeoutMs, intervalMs }) {
      const deadline = spawnedAt + timeoutMs;
      while (performance.now() < deadline) {
        if (dead()) {
          throw new Error(
            `The server exited (${child.exitCode ?? child.signalCode}) before ${path} answered. Its output:\n${log}`,
          );
        }
        const status = await fetch(url + path, { signal: AbortSignal.timeout(2_000) }).then(
          async (res) => {
            await res.arrayBuffer();
            return res.status;
          },
          () => 0,
        );
        if (status === 200) return performance.now() - spawnedAt;
        await sleep(intervalMs);
      }
      throw new Error(`${path} did not answer 200 within ${timeoutMs / 1000} s. The server's output:\n${log}`);
    },
    async stop() {
      if (dead()) return;
      child.kill('SIGTERM');
      const timedOut = await Promise.race([
        exited.then(() => false),
        sleep(10_000, undefined, { ref: false }).then(() => true),
      ]);
      if (timedOut) {
        child.kill('SIGKILL');
        await exited;
      }
    },
  };
}
