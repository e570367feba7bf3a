import { timingSafeEqual } from 'node:crypto';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { MiddlewareHandler } from 'hono';

const isLoopback = (address: string | undefined): boolean =>
  !!address && (address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.'));

const sameToken = (given: string | undefined, token: string): boolean => {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
};

/**
 * The stand-ins' `/_control/*` endpoints can mark a checkout paid: only a client on the machine the
 * stand-in runs on (its TCP peer a loopback address, as the tests are) may use them. In the container
 * stack the tests reach the stand-in through Podman's port forwarding, so its peer is the network's
 * gateway, not loopback: there the stack test makes a token for the run (`FAKES_CONTROL_TOKEN`), and
 * a request carrying it in `X-Control-Token` is let through. The billing function never calls these.
 */
export function controlGuard(token: string | undefined): MiddlewareHandler {
  return async (c, next) => {
    let peer: string | undefined;
    try {
      peer = getConnInfo(c).remote.address;
    } catch {}
    if (isLoopback(peer) || (token && sameToken(c.req.header('x-control-token'), token))) return next();
    return c.json({ error: 'The test controls answer only on this machine.' }, 403);
  };
}
