import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { MiddlewareHandler } from 'hono';

/**
 * Powerful browser features no page of ours uses, turned off for our pages and anything they frame
 * (payment included: checkout happens on the provider's own pages).
 */
export const PERMISSIONS_POLICY = [
  'accelerometer',
  'autoplay',
  'camera',
  'display-capture',
  'geolocation',
  'gyroscope',
  'hid',
  'magnetometer',
  'microphone',
  'midi',
  'payment',
  'publickey-credentials-get',
  'screen-wake-lock',
  'serial',
  'usb',
  'xr-spatial-tracking',
]
  .map((feature) => `${feature}=()`)
  .join(', ');

/** What every answer of a function carries: the browser protections, resources for our own origin only. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'origin-agent-cluster': '?1',
  'permissions-policy': PERMISSIONS_POLICY,
  'referrer-policy': 'no-referrer',
  'strict-transport-security': 'max-age=15552000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-dns-prefetch-control': 'off',
  'x-download-options': 'noopen',
  'x-frame-options': 'SAMEORIGIN',
  'x-permitted-cross-domain-policies': 'none',
  'x-xss-protection': '0',
});
/**
 * What an API answer (JSON, the event stream, a PDF, the health and metrics endpoints) carries on
 * top: a policy that lets it load and run nothing if a browser renders it, and `no-store`, because
 * API answers are per person (a signed-in user's data, answered from the read cache too) and
 * nothing shared may keep them. A handler that sets its own Cache-Control keeps it.
 */
export const API_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  ...SECURITY_HEADERS,
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
  'cache-control': 'no-store',
});

/** A caller's X-Request-Id is kept when it is a plain token (as nginx makes them), else replaced. */
const REQUEST_ID = /^[\w\-=]{1,128}$/;

/**
 * Names each request (`requestId`, sent back as X-Request-Id) and puts the security headers on its
 * answer (`API_HEADERS` unless told otherwise); a header the answer sets itself keeps the answer's value. On Node they go onto the
 * outgoing response before the handler runs, and its `writeHead` merges them with the answer's:
 * set on the answer's `Headers` instead (Hono's request-id and secure-headers middleware), each of
 * the twelve was a validated insert, then a sort and a copy to Node's form, a fifth of the CPU of a
 * read answered from memory. Where there is no Node response (`app.request` in tests) they are set
 * on the answer after it is made.
 */
export function responseHeaders(headers: Readonly<Record<string, string>> = API_HEADERS): MiddlewareHandler {
  const entries = Object.entries(headers);
  return async (c, next) => {
    const asked = c.req.header('x-request-id');
    const id = asked && REQUEST_ID.test(asked) ? asked : randomUUID();
    c.set('requestId', id);
    const outgoing = (c.env as { outgoing?: ServerResponse } | undefined)?.outgoing;
    if (typeof outgoing?.setHeader === 'function') {
      for (const [name, value] of entries) outgoing.setHeader(name, value);
      outgoing.setHeader('x-request-id', id);
      return next();
    }
    await next();
    const answer = c.res.headers;
    for (const [name, value] of entries) if (!answer.has(name)) answer.set(name, value);
    if (!answer.has('x-request-id')) answer.set('x-request-id', id);
  };
}
