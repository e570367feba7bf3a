import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';
import type { Deliverer } from './delivery.ts';

/** What the Stripe and BTCPay stand-ins both are: an HTTP server that records calls and sends signed webhooks. */
export interface ProviderStandIn {
  url: string;
  webhookSecret: string;
  /** Every API request (method and path), for assertions on what the app asked. */
  calls: Array<{ method: string; path: string }>;
  delivery: Deliverer;
  /** Where webhooks go; settable after start (the app's port may be known later). */
  webhookUrl?: string;
  close(): Promise<void>;
}

/** How either stand-in is started. */
export interface ProviderStandInOptions {
  port?: number;
  host?: string;
  /** The address browsers use for the hosted page, when not the listening one (containers). */
  publicUrl?: string;
  webhookUrl?: string;
  webhookSecret?: string;
  /** Lets `/_control/*` answer a request carrying it in `X-Control-Token` (the container stack). */
  controlToken?: string;
}

/** The fields every stand-in has, once it listens (`listenStandIn`'s answer). */
export function standInFields(
  server: { url: string; close(): Promise<void> },
  parts: Pick<ProviderStandIn, 'webhookSecret' | 'calls' | 'delivery' | 'webhookUrl'>,
): ProviderStandIn {
  return { url: server.url, close: server.close, ...parts };
}

/** Serves a stand-in's app (127.0.0.1 and a free port unless told), once it listens. */
export async function listenStandIn(
  app: Hono,
  opts: ProviderStandInOptions,
): Promise<{ url: string; close(): Promise<void> }> {
  const server = serve({ fetch: app.fetch, port: opts.port ?? 0, hostname: opts.host ?? '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
