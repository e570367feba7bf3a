import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

/**
 * The address a request came from. Behind our own proxy (TRUST_PROXY) it is the last
 * X-Forwarded-For entry — the one nginx appended — never an earlier one a client could forge.
 */
export function clientAddress(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = c.req.header('x-forwarded-for');
    const last = forwarded?.split(',').at(-1)?.trim();
    if (last) return last;
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** 127.0.0.0/8 and ::1, also written as IPv4-mapped IPv6 (`::ffff:127.0.0.1`). */
export const isLoopback = (address: string | undefined): boolean =>
  !!address && (address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.'));

/**
 * Whether a request comes from this machine: its TCP peer is a loopback address and, when it came
 * through a proxy on this machine (an X-Forwarded-For header), so did the client the proxy names.
 * A forwarded address is believed only from a loopback peer, so nobody on the network can claim
 * to be local; behind a local nginx the internet stays outside. Without a Node socket (`app.request`
 * in tests) nothing is local.
 */
export function fromThisMachine(c: Context): boolean {
  let peer: string | undefined;
  try {
    peer = getConnInfo(c).remote.address;
  } catch {
    return false;
  }
  if (!isLoopback(peer)) return false;
  const forwarded = c.req.header('x-forwarded-for');
  return forwarded === undefined || isLoopback(forwarded.split(',').at(-1)?.trim());
}
