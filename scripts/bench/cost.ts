// Where a request's time goes: CPU of the server and of PostgreSQL per request (Linux /proc), and the
// SQL statements one request runs (PostgreSQL's statement log, switched on for a handful of requests).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Database } from '@coppertone/db';
import { type Kysely, sql } from 'kysely';

const TICK_MS = 10; // USER_HZ is 100 on Linux

/** utime + stime of every process named, in ms; a process already gone is left out. */
function cpuByPid(pids: number[]): Map<number, number> {
  const out = new Map<number, number>();
  for (const pid of pids) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
      out.set(pid, (Number(fields[11]) + Number(fields[12])) * TICK_MS);
    } catch {}
  }
  return out;
}

/** The postmaster and its children (backends, background and autovacuum workers). */
function clusterPids(postmaster: number): number[] {
  const pids = [postmaster];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]?.split(' ')[1] === String(postmaster))
        pids.push(Number(entry));
    } catch {}
  }
  return pids;
}

export interface Cost {
  serverCpuMs: number;
  dbCpuMs: number;
}

export interface Meter {
  /** Starts measuring; the function returned ends it and divides by the requests served. */
  begin(): (requests: number) => Cost | undefined;
}

/**
 * CPU per request of the server process and of one PostgreSQL cluster (no figures off Linux), summed
 * per process over the run: a backend that ends during the run (another server's idle connection, an
 * autovacuum worker) takes out only its own share, not all the CPU it ever used (which turned a plain
 * before/after sum negative).
 */
export function cpuMeter(serverPid: number, clusterDir: string): Meter {
  let postmaster = 0;
  try {
    postmaster = Number(readFileSync(join(clusterDir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
  } catch {}
  const used = (before: Map<number, number>, after: Map<number, number>) =>
    [...after].reduce((sum, [pid, ms]) => sum + ms - (before.get(pid) ?? 0), 0);
  return {
    begin() {
      if (!existsSync('/proc/self/stat')) return () => undefined;
      const server = cpuByPid([serverPid]);
      const db = postmaster ? cpuByPid(clusterPids(postmaster)) : new Map<number, number>();
      return (requests) => {
        const per = (x: number) => (requests ? x / requests : Number.NaN);
        return {
          serverCpuMs: per(used(server, cpuByPid([serverPid]))),
          dbCpuMs: postmaster ? per(used(db, cpuByPid(clusterPids(postmaster)))) : Number.NaN,
        };
      };
    },
  };
}

/**
 * The statements each request runs, read from the cluster's log with `log_statement = 'all'` switched
 * on (ALTER SYSTEM + reload) for just these requests, one at a time. pg-boss's own polling is left out.
 */
export async function statementsPerRequest(
  db: Kysely<Database>,
  clusterDir: string,
  requests: { label: string; send: () => Promise<unknown> }[],
): Promise<Map<string, string[]>> {
  const log = join(clusterDir, 'server.log');
  const found = new Map<string, string[]>();
  const setting = async (value: string | undefined) => {
    await sql`${sql.raw(value ? `alter system set log_statement = '${value}'` : 'alter system reset log_statement')}`.execute(
      db,
    );
    await sql`select pg_reload_conf()`.execute(db);
    await sleep(300); // backends pick up the reload before their next command
  };
  await setting('all');
  try {
    for (const { label, send } of requests) {
      const from = statSync(log).size;
      await send();
      await sleep(100);
      // One log entry per prefixed line (`2026-… UTC [pid] LOG:  …`); a statement's own newlines follow it.
      const entries = readFileSync(log)
        .subarray(from)
        .toString('utf8')
        .split(/\n(?=\d{4}-\d\d-\d\d \d)/);
      const statements = entries
        .map((e) => /LOG: {2}(?:statement|execute [^:]*): ([\s\S]*)/.exec(e)?.[1]?.replace(/\s+/g, ' ').trim())
        .filter((s): s is string => !!s && !/pgboss|pg_reload_conf|log_statement/.test(s));
      found.set(label, statements);
    }
  } finally {
    await setting(undefined);
  }
  return found;
}

/** Each request's statements, shortened to one line each. */
export function statementLines(found: Map<string, string[]>, width = 116): string[] {
  return [...found].flatMap(([label, statements]) => [
    `${label}: ${statements.length} statements`,
    ...statements.map((s, i) => `  ${i + 1}. ${s.length > width ? `${s.slice(0, width - 1)}…` : s}`),
  ]);
}
