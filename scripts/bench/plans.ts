// Query plans for the bench: the server's own queries under EXPLAIN (ANALYZE, BUFFERS), with and
// without sequential scans priced out, and the table that judges whether they use indexes.
import type { Database } from '@coppertone/db';
import { CompiledQuery, type Kysely, sql } from 'kysely';
import type { Statements } from './accounts.ts';
import { median, ms, table, verdict } from './table.ts';

const EXPLAIN_RUNS = 5;

export interface Scans {
  lines: string[];
  indexScans: string[];
  seqScans: string[];
  executionMs: number;
}

export interface Plan extends Scans {
  label: string;
  /** The load target that runs this query. */
  endpoint: string;
  sql: string;
  parameters: readonly unknown[];
  /** The plan with `enable_seqscan = off`. */
  forced: Scans;
}

function scans(lines: string[]): Scans {
  const text = lines.join('\n');
  const found = (re: RegExp) => [...new Set([...text.matchAll(re)].map((m) => `${m[2]} (${m[1]})`))];
  return {
    lines,
    indexScans: found(/((?:Bitmap )?Index(?: Only)? Scan)(?: Backward)?(?: using| on) (\w+)/g),
    seqScans: found(/(Seq Scan) on (\w+)/g),
    executionMs: Number(/Execution Time: ([\d.]+)/.exec(text)?.[1] ?? Number.NaN),
  };
}

/** Each query EXPLAINed EXPLAIN_RUNS times as is and with `enable_seqscan = off`: last plan, median time. */
export async function explainQueries(
  db: Kysely<Database>,
  queries: Array<{ label: string; endpoint: string; query: CompiledQuery }>,
): Promise<Plan[]> {
  const plans: Plan[] = [];
  for (const { label, endpoint, query } of queries) {
    const explain = CompiledQuery.raw(`explain (analyze, buffers) ${query.sql}`, [...query.parameters]);
    const run = (trx: Kysely<Database>) =>
      trx.executeQuery<{ 'QUERY PLAN': string }>(explain).then((res) => res.rows.map((r) => r['QUERY PLAN']));
    const repeated = async (once: () => Promise<string[]>): Promise<Scans> => {
      const runs: Scans[] = [];
      for (let i = 0; i < EXPLAIN_RUNS; i++) runs.push(scans(await once()));
      return { ...(runs.at(-1) as Scans), executionMs: median(runs.map((r) => r.executionMs)) };
    };
    const normal = await repeated(() => run(db));
    // The same query with sequential scans priced out: what the indexes would give, for comparison.
    const forced = await repeated(() =>
      db.transaction().execute(async (trx) => {
        await sql`set local enable_seqscan = off`.execute(trx);
        return run(trx);
      }),
    );
    plans.push({ label, endpoint, sql: query.sql, parameters: query.parameters, ...normal, forced });
  }
  return plans;
}

/** A sequential scan left in a plan was the right choice: the same query with enable_seqscan = off is not faster. */
export const seqScanIsCheaper = (p: Plan): boolean => !(p.forced.executionMs < p.executionMs * 0.8);

export function planTable(
  title: string,
  plans: Plan[],
  sqls: Statements,
  pass: (p: Plan) => boolean,
  notes: string[],
): string {
  const details = plans.flatMap((p) => [
    '',
    `${p.label}:`,
    `  SQL: ${p.sql}`,
    `  the server ran this exact statement for one ${p.endpoint}: ${sqls.get(p.endpoint)?.includes(p.sql) ? 'yes' : 'NO'}`,
    `  parameters: ${JSON.stringify(p.parameters)}`,
    ...p.lines.map((l) => `  | ${l}`),
  ]);
  return table(
    `${title} (EXPLAIN (ANALYZE, BUFFERS) after the load runs; exec ms = median of ${EXPLAIN_RUNS})`,
    ['query', 'exec ms', 'index scans', 'sequential scans', 'exec ms, seqscan off', 'target', 'result'],
    plans.map((p) => [
      p.label,
      ms(p.executionMs),
      p.indexScans.join(', ') || 'none',
      p.seqScans.join(', ') || 'none',
      ms(p.forced.executionMs),
      'indexes',
      verdict(pass(p)),
    ]),
    [...notes, ...details],
  );
}
