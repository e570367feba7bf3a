import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { APP_PREFIXES } from '@coppertone/contracts';
import { PERMISSIONS_POLICY } from '@coppertone/http';
import type { Context } from 'hono';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml',
  '.woff2': 'font/woff2',
  '.webmanifest': 'application/manifest+json',
};
const COMPRESSIBLE = new Set(['.html', '.js', '.css', '.json', '.svg', '.txt', '.xml', '.webmanifest']);

interface StaticFile {
  body: Uint8Array;
  gzip?: Uint8Array;
  type: string;
  cacheControl: string;
}

/**
 * What every page and asset carries, here and from nginx in the container stack
 * (deploy/nginx/headers.conf says the same; a test compares them). The scripts a page may run are
 * named by the Content-Security-Policy SvelteKit writes into each page (a `<meta>` with the hash of
 * its inline start-up script, see apps/web/vite.config.ts); this header adds what a `<meta>` cannot
 * say: no page of ours may be framed.
 */
export const PAGE_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'content-security-policy': "frame-ancestors 'none'; object-src 'none'; base-uri 'self'",
  'cross-origin-opener-policy': 'same-origin',
  'permissions-policy': PERMISSIONS_POLICY,
  'referrer-policy': 'strict-origin-when-cross-origin',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
});

/**
 * Serves the built web app from memory: every file is read and gzipped once at start (the build is
 * small), so a request costs a map lookup. `/services` → `services.html`; SPA areas → `200.html`;
 * anything else unknown → `404.html` with status 404.
 */
export function createStaticSite(root: string) {
  const files = new Map<string, StaticFile>();
  for (const path of walk(root)) {
    const rel = `/${relative(root, path).split('\\').join('/')}`;
    const ext = extname(path);
    const body = readFileSync(path);
    files.set(rel, {
      body,
      gzip: COMPRESSIBLE.has(ext) && body.length > 512 ? gzipSync(body, { level: 9 }) : undefined,
      type: TYPES[ext] ?? 'application/octet-stream',
      cacheControl: rel.startsWith('/_app/immutable/')
        ? 'public, max-age=31536000, immutable'
        : 'public, max-age=0, must-revalidate',
    });
  }

  const resolve = (path: string): { file: StaticFile; status: 200 | 404 } | undefined => {
    const clean = path.endsWith('/') && path !== '/' ? path.slice(0, -1) : path;
    const candidates = clean === '/' ? ['/index.html'] : [clean, `${clean}.html`, `${clean}/index.html`];
    for (const candidate of candidates) {
      const file = files.get(candidate);
      if (file) return { file, status: 200 };
    }
    const shell = files.get('/200.html');
    if (shell && APP_PREFIXES.some((p) => clean === p || clean.startsWith(`${p}/`)))
      return { file: shell, status: 200 };
    const notFound = files.get('/404.html');
    return notFound ? { file: notFound, status: 404 } : undefined;
  };

  return {
    size: files.size,
    has: (path: string) => files.has(path),
    handle(c: Context): Response {
      const hit = resolve(decodeURIComponent(c.req.path));
      if (!hit) return c.text('Not found', 404);
      const { file, status } = hit;
      const gzip = file.gzip && /\bgzip\b/.test(c.req.header('accept-encoding') ?? '');
      const headers: Record<string, string> = {
        ...PAGE_HEADERS,
        'content-type': file.type,
        'cache-control': file.cacheControl,
        vary: 'accept-encoding',
      };
      if (gzip) headers['content-encoding'] = 'gzip';
      const body = gzip ? file.gzip : file.body;
      return new Response(c.req.method === 'HEAD' ? null : (body as Uint8Array<ArrayBuffer>), { status, headers });
    },
  };
}

function* walk(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* walk(path);
    else yield path;
  }
}
