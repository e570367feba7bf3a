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

/** One change's trip: its PATCH and, per stream that got it, ms from the PATCH being sent to the event. */
export interface Change {
  patchMs: number;
  patchStatus: number;
  deliveredMs: number[];
}

export interface FanOut {
  streams: number;
  openMs: number;
  changes: Change[];
}

/** How many changes one run makes, one after another on the same open streams: one alone is too noisy to compare runs by. */
export const SSE_CHANGES = 5;

/**
 * Opens `n` streams as staff, waits for every `ready`, then moves each of `taskIds` (todo tasks at
 * version 1) to in_progress, one after another, timing each stream's `task.changed` for it before
 * the next change is sent. Closes every stream.
 */
export async function sseFanOut(baseUrl: string, tokens: string[], taskIds: string[], n: number): Promise<FanOut> {
  const base = new URL(baseUrl);
  const streams: Stream[] = [];
  let current: { taskId: string; sentAt: number; delivered: number[]; allIn: () => void } | undefined;
  try {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) {
      let seen = '';
      streams.push(
        openStream(base, tokens[i % tokens.length] ?? '', (event, data) => {
          const c = current;
          if (event !== 'task.changed' || !c || seen === c.taskId) return;
          if ((JSON.parse(data) as { id?: string }).id !== c.taskId) return;
          seen = c.taskId;
          c.delivered.push(performance.now() - c.sentAt);
          if (c.delivered.length === n) c.allIn();
        }),
      );
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

    const changes: Change[] = [];
    for (const taskId of taskIds) {
      let allIn: () => void = () => {};
      const everyone = new Promise<void>((res) => {
        allIn = res;
      });
      const c = { taskId, sentAt: performance.now(), delivered: [] as number[], allIn };
      current = c;
      const res = await fetch(new URL(`/api/work/tasks/${taskId}`, base), {
        method: 'PATCH',
        headers: { 'content-type': 'application/json', cookie: `cp_session=${tokens[0]}` },
        body: JSON.stringify({ version: 1, status: 'in_progress' }),
      });
      await res.arrayBuffer();
      const patchMs = performance.now() - c.sentAt;
      const wait = new AbortController();
      await Promise.race([everyone, sleep(WAIT_MS, undefined, { signal: wait.signal }).catch(() => {})]);
      wait.abort();
      changes.push({ patchMs, patchStatus: res.status, deliveredMs: [...c.delivered] });
      await sleep(200); // the server's writes of this change are done before the next one is timed
    }
    return { streams: n, openMs, changes };
  } finally {
    current = undefined;
    for (const s of streams) s.req.destroy();
  }
}

export function sseTable(r: FanOut): string {
  const all = r.changes.flatMap((c) => c.deliveredMs);
  const complete = r.changes.filter((c) => c.deliveredMs.length === r.streams).length;
  const max = all.length ? Math.max(...all) : Number.NaN;
  const ok = complete === r.changes.length && r.changes.every((c) => c.patchStatus === 200);
  const perChange = r.changes.map((c) => (c.deliveredMs.length ? ms(percentile(c.deliveredMs, 50)) : '-')).join(', ');
  const patches = r.changes.map((c) => c.patchMs);
  return table(
    `Live updates: ${r.changes.length} task status changes, one after another, fanned out to ${count(r.streams)} open SSE streams (staff sessions)`,
    ['measure', 'value', 'target', 'result'],
    [
      ['changes every stream received', `${complete} / ${r.changes.length}`, 'all', verdict(ok)],
      ['delivery median ms (all changes)', all.length ? ms(percentile(all, 50)) : '-', '-', '-'],
      ['delivery p99 ms', all.length ? ms(percentile(all, 99)) : '-', '-', '-'],
      ['delivery max ms', all.length ? ms(max) : '-', `< ${SSE_TARGET_MS} ms`, verdict(ok && max < SSE_TARGET_MS)],
      ['PATCH answered, median ms', patches.length ? ms(percentile(patches, 50)) : '-', '-', '-'],
    ],
    [
      `Delivery = PATCH /api/work/tasks/{id} sent → the stream's task.changed event parsed (waited up to ${WAIT_MS / 1000} s after the PATCH answered).`,
      `All ${count(r.streams)} streams opened and got "ready" in ${ms(r.openMs)} ms; delivery median per change: ${perChange} ms;`,
      `the PATCHes answered ${[...new Set(r.changes.map((c) => c.patchStatus))].join(', ')} in ${patches.map((p) => ms(p)).join(', ')} ms.`,
    ],
  );
}
