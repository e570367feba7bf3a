import type { Hono } from 'hono';

/**
 * How a fake provider delivers webhooks, switchable at run time so tests can make them misbehave
 * the ways real providers do: lost, repeated, late, or out of order.
 */
export type DeliveryMode =
  | { mode: 'normal' }
  | { mode: 'drop' }
  | { mode: 'duplicate'; times: number }
  | { mode: 'delay'; ms: number }
  | { mode: 'reorder' };

export interface Delivery {
  body: string;
  headers: Record<string, string>;
}

export interface Deliverer {
  mode: DeliveryMode;
  /** Every delivery attempted, for assertions and for redelivery. */
  log: Array<Delivery & { status: number | 'error' | 'dropped'; at: string }>;
  send(batch: Delivery[]): Promise<void>;
  redeliver(index: number): Promise<number | 'error'>;
}

export function createDeliverer(getUrl: () => string | undefined): Deliverer {
  const d: Deliverer = {
    mode: { mode: 'normal' },
    log: [],
    async send(batch) {
      const m = d.mode;
      if (m.mode === 'drop') {
        // Kept, unsent: a test can deliver them later, in any order.
        for (const x of batch) d.log.push({ ...x, status: 'dropped', at: new Date().toISOString() });
        return;
      }
      const ordered = m.mode === 'reorder' ? [...batch].reverse() : batch;
      const post = async (x: Delivery) => {
        const url = getUrl();
        if (!url) return;
        let status: number | 'error' = 'error';
        try {
          const res = await fetch(url, {
            method: 'POST',
            body: x.body,
            headers: { 'content-type': 'application/json', ...x.headers },
          });
          status = res.status;
          await res.arrayBuffer();
        } catch {}
        d.log.push({ ...x, status, at: new Date().toISOString() });
        return status;
      };
      if (m.mode === 'delay') {
        setTimeout(
          () =>
            void (async () => {
              for (const x of ordered) await post(x);
            })(),
          m.ms,
        );
        return;
      }
      for (const x of ordered) {
        if (m.mode === 'duplicate') await Promise.all(Array.from({ length: m.times }, () => post(x)));
        else await post(x);
      }
    },
    async redeliver(index) {
      const x = d.log[index];
      if (!x) return 'error';
      const url = getUrl();
      if (!url) return 'error';
      const res = await fetch(url, {
        method: 'POST',
        body: x.body,
        headers: { 'content-type': 'application/json', ...x.headers },
      });
      return res.status;
    },
  };
  return d;
}

/** `POST /_control/delivery` with a DeliveryMode: how the stand-in delivers its webhooks from now on. */
export function routeDeliveryControl(app: Hono, delivery: Deliverer): void {
  app.post('/_control/delivery', async (c) => {
    delivery.mode = await c.req.json();
    return c.json(delivery.mode);
  });
}
