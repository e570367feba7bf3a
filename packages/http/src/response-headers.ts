import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { MiddlewareHandler } from 'hono';

/** What every answer of a function carries: the browser protections, resources for our own origin only. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'origin-agent-cluster': '?1',
  'referrer-policy': 'no-referrer',
  'strict-transport-security': 'max-age=15552000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-dns-prefetch-control': 'off',
  'x-download-options': 'noopen',
  'x-frame-options': 'SAMEORIGIN',
  'x-permitted-cross-domain-policies': 'none',
  'x-xss-protection': '0',
});
const SECURITY_ENTRIES = Object.entries(SECURITY_HEADERS);

/** A caller's X-Request-Id is kept when it is a plain token (as nginx makes them), else replaced. */
const REQUEST_ID = /^[\w\-=]{1,128}$/;

/**
 * Names each request (`requestId`, sent back as X-Request-Id) and puts the security headers on its
 * answer; a header the answer sets itself keeps the answer's value. On Node they go onto the
 * outgoing response before the handler runs, and its `writeHead` merges them with the answer's:
 * set on the answer's `Headers` instead (Hono's request-id and secure-headers middleware), each of
 * the twelve was a validated insert, then a sort and a copy to Node's form, a fifth of the CPU of a
 * read answered from memory. Where there is no Node response (`app.request` in tests) they are set
 * on the answer after it is made.
 */
export function responseHeaders(): MiddlewareHandler {
  return async (c, next) => {
    const asked = c.req.header('x-request-id');
    const id = asked && REQUEST_ID.test(asked) ? asked : randomUUID();
    c.set('requestId', id);
    const outgoing = (c.env as { outgoing?: ServerResponse } | undefined)?.outgoing;
    if (typeof outgoing?.setHeader === 'function') {
      for (const [name, value] of SECURITY_ENTRIES) outgoing.setHeader(name, value);
      outgoing.setHeader('x-request-id', id);
      return next();
    }
    await next();
    const headers = c.res.headers;
    for (const [name, value] of SECURITY_ENTRIES) if (!headers.has(name)) headers.set(name, value);
    if (!headers.has('x-request-id')) headers.set('x-request-id', id);
  };
}
