import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';

export interface RunningServer {
  port: number;
  url: string;
  close(): Promise<void>;
}

/** Listens and resolves once the port is bound (port 0 picks a free one). */
export function listen(
  app: { fetch: (req: Request) => Response | Promise<Response> },
  opts: { port: number; host?: string },
): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    const server = serve(
      { fetch: app.fetch, port: opts.port, hostname: opts.host ?? '0.0.0.0' },
      (info: AddressInfo) => {
        const host = opts.host === '0.0.0.0' || !opts.host ? 'localhost' : opts.host;
        resolve({
          port: info.port,
          url: `http://${host}:${info.port}`,
          close: () =>
            new Promise((done) => {
              server.close(() => done());
              (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
            }),
        });
      },
    );
    server.once('error', reject);
  });
}
