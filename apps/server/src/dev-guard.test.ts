import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { listen, type RunningServer } from '@coppertone/http';
import { createMailer } from '@coppertone/mail';
import { createMetrics } from '@coppertone/observability';
import type { MiddlewareHandler } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServerApp, type ServerApp } from './app.ts';

// The dev mailbox carries everyone's reset, confirmation and invitation links, and /metrics the
// traffic: only this machine (by the TCP peer) or a signed-in admin may read them.
let webRoot: string;
let app: ServerApp;
let server: RunningServer;
const mailer = createMailer({ from: 'test@coppertone.test' });

/** Stands in for packages/auth's session guard: a cookie names the caller's role. */
const sessions: MiddlewareHandler = async (c, next) => {
  const role = /(?:^|; )role=(\w+)/.exec(c.req.header('cookie') ?? '')?.[1];
  if (role) c.set('auth' as never, { userId: 'u1', role } as never);
  await next();
};

/** A non-loopback address of this machine, to reach the server as the network would. */
const lanAddress = Object.values(networkInterfaces())
  .flat()
  .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;

beforeAll(async () => {
  webRoot = mkdtempSync(join(tmpdir(), 'server-dev-'));
  writeFileSync(join(webRoot, 'index.html'), '<!doctype html><title>Home</title>');
  await mailer.send({ to: 'client@demo.test', subject: 'Reset your password', text: 'token=secret-link' });
  app = createServerApp({
    functions: {},
    metrics: createMetrics({ defaults: false }),
    ready: async () => true,
    webRoot,
    mailbox: mailer.mailbox,
    sessions,
  });
  // Every address, so the test can come from the network as well as from this machine.
  server = await listen(app, { port: 0, host: '0.0.0.0' });
});
afterAll(async () => {
  await server?.close();
  rmSync(webRoot, { recursive: true, force: true });
});

const PATHS = ['/dev/mailbox.json', '/dev/mailbox', '/metrics'];

describe('the dev mailbox and metrics of the all-in-one server', () => {
  it('answer a client on this machine', async () => {
    for (const path of PATHS) {
      const res = await fetch(`http://127.0.0.1:${server.port}${path}`);
      expect(res.status, path).toBe(200);
    }
    const mails = await (await fetch(`http://127.0.0.1:${server.port}/dev/mailbox.json`)).json();
    expect(mails[0].subject).toBe('Reset your password');
  });

  it.runIf(lanAddress)('refuse a client on the network, signed in as anyone but an admin', async () => {
    for (const path of PATHS) {
      for (const cookie of [undefined, 'role=client', 'role=staff']) {
        const res = await fetch(`http://${lanAddress}:${server.port}${path}`, { headers: cookie ? { cookie } : {} });
        expect(res.status, `${path} ${cookie}`).toBe(403);
        const text = await res.text();
        expect(text).not.toContain('secret-link');
        expect(JSON.parse(text).error.code).toBe('forbidden');
      }
    }
  });

  it.runIf(lanAddress)('answer a signed-in admin on the network', async () => {
    for (const path of PATHS) {
      const res = await fetch(`http://${lanAddress}:${server.port}${path}`, { headers: { cookie: 'role=admin' } });
      expect(res.status, path).toBe(200);
    }
  });

  it('refuse a client a proxy on this machine forwards from elsewhere', async () => {
    for (const forwarded of ['203.0.113.7', '127.0.0.1, 203.0.113.7']) {
      const res = await fetch(`http://127.0.0.1:${server.port}/dev/mailbox.json`, {
        headers: { 'x-forwarded-for': forwarded },
      });
      expect(res.status, forwarded).toBe(403);
    }
    const local = await fetch(`http://127.0.0.1:${server.port}/metrics`, { headers: { 'x-forwarded-for': '::1' } });
    expect(local.status).toBe(200);
  });

  it('refuse a request that has no socket to judge (no peer address)', async () => {
    const res = await app.fetch(new Request('http://localhost/dev/mailbox.json'));
    expect(res.status).toBe(403);
  });

  it('leave the health checks open to all', async () => {
    const res = await app.fetch(new Request('http://localhost/healthz'));
    expect(res.status).toBe(200);
  });
});
