import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppError, type FunctionApp } from '@coppertone/http';
import { testFunctionApp } from '@coppertone/http/testing';
import { createMetrics, type Metrics } from '@coppertone/observability';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServerApp, type ServerApp } from './app.ts';

let webRoot: string;
let server: ServerApp;
let metrics: Metrics;

function fn(name: string): FunctionApp {
  const app = testFunctionApp({ name, metrics });
  app.get('/things/:id', (c) => c.json({ from: name, path: c.req.path, id: c.req.param('id') }));
  app.get('/broken', () => {
    throw new AppError('conflict', 'Already moved.');
  });
  return app;
}

beforeAll(() => {
  webRoot = mkdtempSync(join(tmpdir(), 'server-app-'));
  writeFileSync(join(webRoot, 'index.html'), '<!doctype html><title>Home</title>');
  metrics = createMetrics({ defaults: false });
  server = createServerApp({
    functions: { alpha: fn('alpha'), beta: fn('beta') },
    metrics,
    ready: async () => true,
    webRoot,
  });
});
afterAll(() => rmSync(webRoot, { recursive: true, force: true }));

const get = (path: string) => server.fetch(new Request(`http://localhost${path}`));

describe('the all-in-one server', () => {
  it('hands /api/<name>/… to that function, which matches its routes without the prefix', async () => {
    for (const name of ['alpha', 'beta']) {
      const res = await get(`/api/${name}/things/7?x=1`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ from: name, path: '/things/7', id: '7' });
      expect(res.headers.get('x-content-type-options')).toBe('nosniff'); // the function's own middleware ran
    }
  });

  it('records the function route, as the function alone behind nginx does', async () => {
    await get('/api/alpha/things/8');
    const text = await metrics.registry.metrics();
    expect(text).toMatch(
      /http_request_duration_seconds_count\{method="GET",route="\/things\/:id",status="200"[^}]*\} [1-9]/,
    );
  });

  it("answers a function's errors with its JSON error contract and status", async () => {
    const res = await get('/api/beta/broken');
    expect(res.status).toBe(409);
    expect((await res.json()).error).toMatchObject({ code: 'conflict', message: 'Already moved.' });
    const missing = await get('/api/beta/nothing-here');
    expect(missing.status).toBe(404);
    expect((await missing.json()).error.message).toBe('No route for GET /api/beta/nothing-here.');
  });

  it('gives a path that only starts like a function to no function', async () => {
    for (const path of ['/api/alphabet/things/7', '/api/gamma/things/7']) {
      const res = await get(path);
      expect(res.status).toBe(404);
      const { error } = await res.json();
      expect(error.message).toBe(`No API at ${path}.`);
      expect(error.requestId).toBe(res.headers.get('x-request-id'));
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });

  it('serves the web app for everything else', async () => {
    const res = await get('/');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<title>Home</title>');
  });
});
