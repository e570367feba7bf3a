// Daemons of the delivery test, all on 127.0.0.1 in the monitoring tests' port range (20300-20399):
// the real Prometheus and Alertmanager (Debian's builds), the Matrix receiver (services/alerts, the
// code the server runs), and small recording servers standing in for the Matrix homeserver, the
// dead man's switch and a textfile exporter. Every process is stopped by its PID.

import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { createServer, type IncomingMessage, type RequestListener, type Server } from 'node:http';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..', '..');

export interface Daemon {
  name: string;
  child: ChildProcess;
  log: string;
  stop(): Promise<void>;
}

/** Starts a process with its output in LOG; `stop()` sends SIGTERM, then SIGKILL after 5 s. */
export function startDaemon(
  name: string,
  cmd: string,
  args: string[],
  log: string,
  env: NodeJS.ProcessEnv = {},
): Daemon {
  const out = createWriteStream(log);
  const child = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.pipe(out);
  child.stderr?.pipe(out);
  return {
    name,
    child,
    log,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const kill = setTimeout(() => child.kill('SIGKILL'), 5_000);
        child.once('exit', () => {
          clearTimeout(kill);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

/** Polls `check` every 250 ms until it returns a value (not undefined), at most `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  timeoutMs: number,
  check: () => Promise<T | undefined> | T | undefined,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${last})` : ''}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** GETs a URL until it answers 2xx (a daemon is up). */
export function waitHttp(url: string, timeoutMs: number): Promise<true> {
  return waitFor(`${url} to answer`, timeoutMs, async () =>
    (await fetch(url, { signal: AbortSignal.timeout(2_000) })).ok ? true : undefined,
  );
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export interface Recorded {
  method: string;
  path: string;
  authorization: string;
  body: string;
}

/**
 * An HTTP server of the test's own on 127.0.0.1:`port`, answering with `handle`. Can be stopped and
 * started again on the same port (a daemon that goes down and comes back).
 */
class LoopbackServer {
  readonly port: number;
  readonly #handle: RequestListener;
  #server: Server | undefined;
  constructor(port: number, handle: RequestListener) {
    this.port = port;
    this.#handle = handle;
  }

  /** Rejects when the port is taken. */
  start(): Promise<void> {
    const server = createServer(this.#handle);
    this.#server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
  }

  /** Stops it, cutting the connections it holds open (not started: nothing to do). */
  stop(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    if (!server) return Promise.resolve();
    server.closeAllConnections();
    return new Promise((resolve) => server.close(() => resolve()));
  }
}

/**
 * A server that records every request and answers `answer(req)` (JSON). Can be stopped and started
 * again on the same port (a homeserver that goes down and comes back).
 */
export class RecordingServer extends LoopbackServer {
  readonly requests: Recorded[] = [];
  readonly answer: (r: Recorded) => { status: number; body: unknown };
  constructor(port: number, answer: (r: Recorded) => { status: number; body: unknown }) {
    super(port, async (req, res) => {
      const rec: Recorded = {
        method: req.method ?? '',
        path: req.url ?? '',
        authorization: req.headers.authorization ?? '',
        body: await readBody(req),
      };
      this.requests.push(rec);
      const { status, body } = this.answer(rec);
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
    this.answer = answer;
  }
}

/** A /metrics endpoint serving whatever text the test sets (a textfile exporter in small). */
export class MetricsServer extends LoopbackServer {
  text = '';
  constructor(port: number) {
    super(port, (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(this.text);
    });
  }
}
