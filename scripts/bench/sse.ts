// Live-update fan-out: many open GET /api/work/events streams, one task status change, time to each.
import { type ClientRequest, request } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { onCleanup } from './server.ts';
import { count, ms, percentile, table, verdict } from './table.ts';

export const SSE_STREAMS = 500;
export const SSE_TARGET_MS = 1_000;
const OPEN_TIMEOUT_MS = 30_000;
/** How long to wait for stragglers beyond the target, so late deliveries are measured, not dropped. */
const WAIT_MS = 5_000;

interface Stream {
  req: ClientRequest;
  ready: Promise<void>;
  /** ms from the PATCH being sent to this stream's `task.changed` for the task, once it arrived. */
  deliveredMs?: number;
}

const open = new Set<ClientRequest>();
onCleanup(() => {
  for (const req of open) req.destroy();
});

/** Opens one SSE stream; `onEvent` gets each event's name and raw data. */
function openStream(base: URL, token: string, onEvent: (event: string, data: string) => void): Stream {
  let ready!: () => void;
  let failed!: (err: Error) => void;
  const readyP = new Promise<void>((res, rej) => {
    ready = res;
    failed = rej;
  });
  const req = request(new URL('/api/work/events', base), {
    agent: false, // one connection per stream, as one browser tab each
    headers: { accept: 'text/event-stream', cookie: `cp_session=${token}` },
  });
  open.add(req);
  req.on('close', () => open.delete(req));
  req.on('error', (err) => failed(err));
  req.on('response', (res) => {
    if (res.statusCode !== 200) {
      failed(new Error(`GET /api/work/events answered ${res.statusCode}`));
      res.resume();
      return;
    }
    res.on('error', () => {}); // destroying the request at the end aborts the response
    res.setEncoding('utf8');
    let buffer = '';
    res.on('data', (chunk: string) => {
      buffer += chunk;
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        let event = 'message';
        const data: string[] = [];
        for (const line of block.split('\n')) {
          if (line.startsWith('event:')) event = line.slice(6).trim();
          else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
        }
        if (event === 'ready') ready();
        onEvent(event, data.join('\n'));
      }
    });
  });
  req.end();
  return { req, ready: readyP };
}

export interface FanOut {
  streams: number;
  openMs: number;
  patchMs: number;
  patchStatus: number;
  deliveredMs: number[];
}

/**
 * Opens `n` streams as staff, waits for every `ready`, moves `taskId` from todo to in_progress once
 * (PATCH with version 1) and times each stream's `task.changed` for it. Closes every stream.
 */
export async function sseFanOut(baseUrl: string, tokens: string[], taskId: string, n: number): Promise<FanOut> {
  const base = new URL(baseUrl);
  const streams: Stream[] = [];
  let sentAt = Number.POSITIVE_INFINITY;
  let pending = n;
  let allIn: () => void = () => {};
  const everyone = new Promise<void>((res) => {
    allIn = res;
  });
  try {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) {
      const s: Stream = openStream(base, tokens[i % tokens.length] ?? '', (event, data) => {
        if (event !== 'task.changed' || s.deliveredMs !== undefined) return;
        if ((JSON.parse(data) as { id?: string }).id !== taskId) return;
        s.deliveredMs = performance.now() - sentAt;
        if (--pending === 0) allIn();
      });
      streams.push(s);
    }
    const timer = new AbortController();
    const timeout = sleep(OPEN_TIMEOUT_MS, undefined, { signal: timer.signal }).then(() => {
      throw new Error(`${n} event streams were not all ready within ${OPEN_TIMEOUT_MS / 1000} s`);
    });
    timeout.catch(() => {}); // the race below reports it; an abort after success is not an error
    try {
      await Promise.race([Promise.all(streams.map((s) => s.ready)), timeout]);
    } finally {
      timer.abort();
    }
    const openMs = performance.now() - t0;

    sentAt = performance.now();
    const res = await fetch(new URL(`/api/work/tasks/${taskId}`, base), {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', cookie: `cp_session=${tokens[0]}` },
      body: JSON.stringify({ version: 1, status: 'in_progress' }),
    });
    await res.arrayBuffer();
    const patchMs = performance.now() - sentAt;
    const wait = new AbortController();
    await Promise.race([everyone, sleep(WAIT_MS, undefined, { signal: wait.signal }).catch(() => {})]);
    wait.abort();
    return {
      streams: n,
      openMs,
      patchMs,
      patchStatus: res.status,
      deliveredMs: streams.flatMap((s) => (s.deliveredMs === undefined ? [] : [s.deliveredMs])),
    };
  } finally {
    for (const s of streams) s.req.destroy();
  }
}

export function sseTable(r: FanOut): string {
  const got = r.deliveredMs.length;
  const max = got ? Math.max(...r.deliveredMs) : Number.NaN;
  return table(
    `Live updates: one task status change fanned out to ${count(r.streams)} open SSE streams (staff sessions)`,
    ['measure', 'value', 'target', 'result'],
    [
      ['streams that received task.changed', `${count(got)} / ${count(r.streams)}`, 'all', verdict(got === r.streams)],
      ['delivery median ms', got ? ms(percentile(r.deliveredMs, 50)) : '-', '-', '-'],
      ['delivery p99 ms', got ? ms(percentile(r.deliveredMs, 99)) : '-', '-', '-'],
      [
        'delivery max ms',
        got ? ms(max) : '-',
        `< ${SSE_TARGET_MS} ms`,
        verdict(got === r.streams && max < SSE_TARGET_MS),
      ],
    ],
    [
      `Delivery = PATCH /api/work/tasks/{id} sent → the stream's task.changed event parsed (waited up to ${WAIT_MS / 1000} s after the PATCH answered).`,
      `All ${count(r.streams)} streams opened and got "ready" in ${ms(r.openMs)} ms; the PATCH answered ${r.patchStatus} in ${ms(r.patchMs)} ms.`,
    ],
  );
}
