import { EventEmitter } from 'node:events';
import pg from 'pg';
import type { DatabaseHandle } from './connect.ts';

export interface EventBus<E> {
  /** Publishes after the change committed; every instance's subscribers receive it. */
  publish(event: E): Promise<void>;
  subscribe(listener: (event: E) => void): () => void;
  close(): Promise<void>;
}

/**
 * Change events across instances: PostgreSQL LISTEN/NOTIFY on a real server (each instance holds
 * one listening connection and fans out in memory), an in-process emitter on embedded PGlite, which
 * runs in one process and does not deliver notifications between connections.
 */
export async function createEventBus<E>(handle: DatabaseHandle, channel: string): Promise<EventBus<E>> {
  const local = new EventEmitter();
  local.setMaxListeners(0);
  const fanOut = (event: E) => local.emit('event', event);
  const subscribe = (listener: (event: E) => void) => {
    local.on('event', listener);
    return () => {
      local.off('event', listener);
    };
  };
  if (handle.kind === 'pglite') {
    return {
      publish: async (event) => void fanOut(event),
      subscribe,
      close: async () => void local.removeAllListeners(),
    };
  }

  let listener: pg.Client | undefined;
  let closed = false;
  const connect = async (): Promise<void> => {
    const client = new pg.Client({ connectionString: handle.url });
    client.on('notification', (msg) => {
      if (msg.channel !== channel || !msg.payload) return;
      try {
        fanOut(JSON.parse(msg.payload) as E);
      } catch {}
    });
    client.on('error', () => {
      // Reconnect after a lost connection; events during the gap are missed, and clients re-fetch on reconnect.
      if (!closed) setTimeout(() => void connect().catch(() => {}), 1000);
    });
    await client.connect();
    await client.query(`listen ${pg.escapeIdentifier(channel)}`);
    listener = client;
  };
  await connect();
  const publisher = new pg.Pool({ connectionString: handle.url, max: 2 });
  publisher.on('error', () => {});
  return {
    async publish(event) {
      await publisher.query('select pg_notify($1, $2)', [channel, JSON.stringify(event)]);
    },
    subscribe,
    async close() {
      closed = true;
      local.removeAllListeners();
      await listener?.end().catch(() => {});
      await publisher.end();
    },
  };
}
