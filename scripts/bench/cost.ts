// Where a request's time goes: CPU of the server and of PostgreSQL per request (Linux /proc), and the
// SQL statements one request runs (PostgreSQL's statement log, switched on for a handful of requests).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Database } from '@coppertone/db';
import { type Kysely, sql } from 'kysely';

const TICK_MS = 10; // USER_HZ is 100 on Linux

/** utime + stime of a process, in ms; 0 once it is gone. */
function cpuMs(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return 0;
  }
}

/** The postmaster's children (backends, background workers). */
function children(ppid: number): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]?.split(' ')[1] === String(ppid)) {
        pids.push(Number(entry));
      }
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

/** Measures CPU per request of the server process and of one PostgreSQL cluster; no figures off Linux. */
export function cpuMeter(serverPid: number, clusterDir: string): Meter {
  let postmaster = 0;
  try {
    postmaster = Number(readFileSync(join(clusterDir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
  } catch {}
  const sample = () => ({
    server: cpuMs(serverPid),
    db: postmaster ? children(postmaster).reduce((sum, pid) => sum + cpuMs(pid), cpuMs(postmaster)) : 0,
  });
  return {
    begin() {
      if (!existsSync('/proc/self/stat')) return () => undefined;
      const a = sample();
      return (requests) => {
        const b = sample();
        const per = (x: number) => (requests ? x / requests : Number.NaN);
        return { serverCpuMs: per(b.server - a.server), dbCpuMs: postmaster ? per(b.db - a.db) : Number.NaN };
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
