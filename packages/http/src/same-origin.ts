import type { MiddlewareHandler } from 'hono';
import { AppError } from './errors.ts';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * CSRF defence for cookie sessions: a state-changing request from a browser must come from our own
 * origin — the public URL, or the host the request was addressed to. Browsers always send `Origin`
 * on cross-site POSTs; requests without it and without `Sec-Fetch-Site: cross-site` are non-browser
 * clients, which carry no ambient cookies to abuse. Signed webhooks opt out with `exempt`.
 */
export function sameOrigin(opts: { publicUrl: string; exempt?: (path: string) => boolean }): MiddlewareHandler {
  const publicOrigin = new URL(opts.publicUrl).origin;
  return async (c, next) => {
    if (SAFE.has(c.req.method) || opts.exempt?.(c.req.path)) return next();
    const origin = c.req.header('origin');
    if (origin) {
      let allowed = origin === publicOrigin;
      if (!allowed && URL.canParse(origin)) allowed = new URL(origin).host === c.req.header('host');
      if (!allowed) throw new AppError('forbidden', 'Cross-site request refused.');
    } else if (c.req.header('sec-fetch-site') === 'cross-site') {
      throw new AppError('forbidden', 'Cross-site request refused.');
    }
    return next();
  };
}
