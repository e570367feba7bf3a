import { EventEmitter } from 'node:events';
import { type Kysely, sql } from 'kysely';
import pg from 'pg';
import type { DatabaseHandle } from './connect.ts';
import type { Database } from './tables.ts';

export interface EventBus<E> {
  /** Publishes after the change committed; every instance's subscribers receive it. */
  publish(event: E): Promise<void>;
  subscribe(listener: (event: E) => void): () => void;
  /**
   * False while the listening connection is down and events may be missed (always true on the
   * embedded database, where every publisher is in this process).
   */
  isLive(): boolean;
  /** Runs after the listening connection came back: events published in between were missed. */
  onGap(listener: () => void): () => void;
  close(): Promise<void>;
}

/**
 * Sends `event` on `channel` through `db`, which may be a transaction: PostgreSQL delivers it to the
 * listeners when (and only if) that transaction commits.
 */
export async function notify(db: Kysely<Database>, channel: string, event: unknown): Promise<void> {
  await sql`select pg_notify(${channel}, ${JSON.stringify(event)})`.execute(db);
}

const RECONNECT_MS = 1000;

/**
 * Change events across instances: PostgreSQL LISTEN/NOTIFY on a real server (each instance holds
 * one listening connection and fans out in memory), an in-process emitter on embedded PGlite, which
 * runs in one process and does not deliver notifications between connections.
 */
export async function createEventBus<E>(handle: DatabaseHandle, channel: string): Promise<EventBus<E>> {
  const local = new EventEmitter();
  local.setMaxListeners(0);
  const fanOut = (event: E) => local.emit('event', event);
  const on = <A extends unknown[]>(name: string, listener: (...args: A) => void) => {
    local.on(name, listener as (...args: unknown[]) => void);
    return () => {
      local.off(name, listener as (...args: unknown[]) => void);
    };
  };
  const subscribe = (listener: (event: E) => void) => on('event', listener);
  const onGap = (listener: () => void) => on('gap', listener);
  if (handle.kind === 'pglite') {
    return {
      publish: async (event) => void fanOut(event),
      subscribe,
      isLive: () => true,
      onGap,
      close: async () => void local.removeAllListeners(),
    };
  }

  let listener: pg.Client | undefined;
  let closed = false;
  let live = false;
  const lost = (client: pg.Client) => {
    // Once per connection: `error` and `end` both follow a lost server.
    if (listener !== client) return;
    listener = undefined;
    live = false;
    client.end().catch(() => {});
    if (!closed) setTimeout(retry, RECONNECT_MS);
  };
  const connect = async (): Promise<void> => {
    const client = new pg.Client({ connectionString: handle.url });
    client.on('notification', (msg) => {
      if (msg.channel !== channel || !msg.payload) return;
      try {
        fanOut(JSON.parse(msg.payload) as E);
      } catch {}
    });
    client.on('error', () => lost(client));
    client.on('end', () => lost(client));
    try {
      await client.connect();
      await client.query(`listen ${pg.escapeIdentifier(channel)}`);
    } catch (err) {
      client.end().catch(() => {});
      throw err;
    }
    if (closed) {
      await client.end().catch(() => {});
      return;
    }
    listener = client;
    live = true;
  };
  const retry = () => {
    connect()
      .then(() => {
        // Events published while the connection was down were missed.
        if (live) local.emit('gap');
      })
      .catch(() => {
        if (!closed) setTimeout(retry, RECONNECT_MS);
      });
  };
  await connect();
  const publisher = new pg.Pool({ connectionString: handle.url, max: 2 });
  publisher.on('error', () => {});
  return {
    async publish(event) {
      await publisher.query('select pg_notify($1, $2)', [channel, JSON.stringify(event)]);
    },
    subscribe,
    isLive: () => live,
    onGap,
    async close() {
      closed = true;
      live = false;
      local.removeAllListeners();
      const client = listener;
      listener = undefined;
      await client?.end().catch(() => {});
      await publisher.end();
    },
  };
}
