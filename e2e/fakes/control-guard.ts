import { getConnInfo } from '@hono/node-server/conninfo';
import type { MiddlewareHandler } from 'hono';

const isLoopback = (address: string | undefined): boolean =>
  !!address && (address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.'));

/**
 * The stand-ins' `/_control/*` endpoints can mark a checkout paid: only a client on the machine the
 * stand-in runs on (its TCP peer a loopback address, as the tests are) may use them. In the container
 * stack the stand-ins listen on every address for the billing function, which never calls these.
 */
export const thisMachineOnly: MiddlewareHandler = async (c, next) => {
  let peer: string | undefined;
  try {
    peer = getConnInfo(c).remote.address;
  } catch {}
  if (!isLoopback(peer)) return c.json({ error: 'The test controls answer only on this machine.' }, 403);
  return next();
};
