// Helpers for the container tests: podman and podman-compose as child processes, with the
// repository's Podman settings (deploy/containers.conf).
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const containersConf = process.env.CONTAINERS_CONF ?? `${repoRoot}deploy/containers.conf`;

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command; never throws for a non-zero exit (the caller asserts on `code`). */
export function run(cmd: string, args: string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      cmd,
      args,
      { env: opts.env ?? { ...process.env, CONTAINERS_CONF: containersConf }, cwd: opts.cwd, maxBuffer: 16 << 20 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout: String(stdout), stderr: String(stderr) });
      },
    );
  });
}

export async function podman(...args: string[]): Promise<string> {
  const result = await run('podman', args);
  if (result.code !== 0) throw new Error(`podman ${args.join(' ')} failed (${result.code}): ${result.stderr.trim()}`);
  return result.stdout.trim();
}

/** `podman inspect` of one object, parsed. */
export async function inspect<T = Record<string, unknown>>(kind: 'image' | 'container', name: string): Promise<T> {
  const [first] = JSON.parse(await podman(kind, 'inspect', name)) as T[];
  if (!first) throw new Error(`no ${kind} ${name}`);
  return first;
}

export interface ImageInfo {
  Healthcheck?: { Test?: string[] };
  Config: {
    User?: string;
    Labels?: Record<string, string>;
    Healthcheck?: { Test?: string[] };
  };
}

export interface ContainerInfo {
  Name: string;
  RestartCount: number;
  State: { Status: string; Pid: number; ExitCode: number };
  Config: { Labels?: Record<string, string> };
  HostConfig: {
    ReadonlyRootfs: boolean;
    RestartPolicy?: { Name: string };
    PortBindings?: Record<string, { HostIp: string; HostPort: string }[] | null>;
  };
}

export async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
