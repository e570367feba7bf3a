import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { APP_PREFIXES } from '@coppertone/contracts';
import { API_HEADERS, AppError, listen, PERMISSIONS_POLICY, type RunningServer } from '@coppertone/http';
import { testFunctionApp } from '@coppertone/http/testing';
import { createMailer } from '@coppertone/mail';
import { createMetrics } from '@coppertone/observability';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServerApp } from './app.ts';
import { PAGE_HEADERS } from './static.ts';

// Every kind of answer the all-in-one server gives, over real HTTP (the headers go onto Node's
// response there): pages, JSON, errors of each kind, health, metrics and the dev mailbox.
let webRoot: string;
let server: RunningServer;

beforeAll(async () => {
  webRoot = mkdtempSync(join(tmpdir(), 'server-headers-'));
  writeFileSync(join(webRoot, 'index.html'), '<!doctype html><title>Home</title>');
  writeFileSync(join(webRoot, '404.html'), '<!doctype html><title>Not found</title>');
  writeFileSync(join(webRoot, '200.html'), '<!doctype html><title>App</title>');
  const metrics = createMetrics({ defaults: false });
  const work = testFunctionApp({ name: 'work', metrics });
  work.get('/projects', (c) => c.json({ items: [] }));
  work.get('/busy', () => {
    throw new AppError('rate_limited', 'Too many requests.', { headers: { 'retry-after': '30' } });
  });
  work.get('/crash', () => {
    throw new Error('disk on fire');
  });
  const app = createServerApp({
    functions: { work },
    metrics,
    ready: async () => true,
    webRoot,
    mailbox: createMailer({ from: 'test@coppertone.test' }).mailbox,
  });
  server = await listen(app, { port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await server?.close();
  rmSync(webRoot, { recursive: true, force: true });
});

const ANSWERS = {
  'HTML page': ['GET', '/', 200, 'page'],
  'HTML app shell': ['GET', '/staff/projects', 200, 'page'],
  'HTML 404 page': ['GET', '/no-such-page', 404, 'page'],
  JSON: ['GET', '/api/work/projects', 200, 'api'],
  'JSON 404 of a function': ['GET', '/api/work/nothing', 404, 'api'],
  'JSON 404 of no function': ['GET', '/api/nothing', 404, 'api'],
  'JSON 404 of another method': ['POST', '/', 404, 'api'],
  'JSON 429': ['GET', '/api/work/busy', 429, 'api'],
  'JSON 500': ['GET', '/api/work/crash', 500, 'api'],
  healthz: ['GET', '/healthz', 200, 'api'],
  readyz: ['GET', '/readyz', 200, 'api'],
  metrics: ['GET', '/metrics', 200, 'api'],
  'dev mailbox (JSON)': ['GET', '/dev/mailbox.json', 200, 'api'],
  'dev mailbox (page)': ['GET', '/dev/mailbox', 200, 'api'],
} as const;

/** The `add_header` lines of one of deploy/nginx's files, by lower-case name. */
function nginxHeaders(file: string): Record<string, string> {
  const conf = readFileSync(new URL(`../../../deploy/nginx/${file}`, import.meta.url), 'utf8');
  return Object.fromEntries(
    [...conf.matchAll(/^add_header\s+([\w-]+)\s+(?:"([^"]*)"|(\S+))\s+always;/gm)].map((m) => [
      (m[1] as string).toLowerCase(),
      (m[2] ?? m[3]) as string,
    ]),
  );
}

describe('the headers of every kind of answer of the all-in-one server', () => {
  it.each(Object.entries(ANSWERS))('%s', async (_kind, [method, path, status, kind]) => {
    const res = await fetch(`${server.url}${path}`, { method });
    expect(res.status).toBe(status);
    const h = res.headers;
    expect(h.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
    expect(h.get('permissions-policy')).toBe(PERMISSIONS_POLICY);
    expect(h.get('permissions-policy')).toMatch(/camera=\(\).*geolocation=\(\).*microphone=\(\).*payment=\(\)/);
    expect(h.get('x-content-type-options')).toBe('nosniff');
    expect(h.get('cross-origin-opener-policy')).toBe('same-origin');
    if (kind === 'page') {
      for (const [name, value] of Object.entries(PAGE_HEADERS)) expect(h.get(name), name).toBe(value);
      expect(h.get('cache-control')).toMatch(/^public/);
    } else {
      expect(h.get('cache-control')).toBe('no-store');
      expect(h.get('x-request-id')).toMatch(/^[\w-]{8,}$/);
      expect(h.get('strict-transport-security')).toBe(API_HEADERS['strict-transport-security']);
      if (path !== '/dev/mailbox')
        expect(h.get('content-security-policy')).toBe(API_HEADERS['content-security-policy']);
    }
    if (status >= 400 && kind === 'api') {
      expect((await res.json()).error.requestId).toBe(h.get('x-request-id'));
    }
  });

  it('lets the mailbox page use its own inline style sheet and nothing else', async () => {
    const res = await fetch(`${server.url}/dev/mailbox`);
    expect(res.headers.get('content-security-policy')).toBe(
      "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
    );
  });

  it('answers the same client-rendered areas with the shell as the web image’s nginx (deploy/nginx/web.conf)', () => {
    const conf = readFileSync(new URL('../../../deploy/nginx/web.conf', import.meta.url), 'utf8');
    const areas = conf.match(/^\s*location ~ \^\/\(([\w|]+)\)\(\/\|\$\) \{$/m)?.[1]?.split('|');
    expect(areas?.map((a) => `/${a}`)).toEqual([...APP_PREFIXES]);
  });

  it('sends the same page headers as nginx does for the container stack (deploy/nginx/headers.conf)', () => {
    expect(nginxHeaders('headers.conf')).toEqual(PAGE_HEADERS);
  });

  it('gives the edge’s own answers (health, its JSON errors) the API’s headers (deploy/nginx/edge-api-headers.conf)', () => {
    const {
      'strict-transport-security': edgeHsts,
      'x-request-id': requestId,
      ...edge
    } = nginxHeaders('edge-api-headers.conf');
    const { 'strict-transport-security': _hsts, ...api } = API_HEADERS;
    expect(edge).toEqual(api);
    expect(edgeHsts).toMatch(/^max-age=\d+; includeSubDomains$/);
    expect(requestId).toBe('$request_id');
  });
});
