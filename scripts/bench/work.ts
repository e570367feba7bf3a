// Issue 4's read paths: project list and board load under load, and the plans of their queries.
import type { Database } from '@coppertone/db';
import type { Kysely } from 'kysely';
import { projectsQuery } from '../../services/work/src/projects/projects.repo.ts';
import { tasksQuery } from '../../services/work/src/tasks/tasks.repo.ts';
import { type Statements, withSession } from './accounts.ts';
import type { WorkFixture } from './fixtures/work.ts';
import { type LoadRuns, type LoadTarget, loadTargetTable } from './load.ts';
import { explainQueries, type Plan, planTable, seqScanIsCheaper } from './plans.ts';
import { count, ms } from './table.ts';

export const WORK_CONNECTIONS = 50;
export const WORK_P99_TARGET_MS = 30;
const PROJECT_PAGE = 25;
const TASK_PAGE = 100;
const LIST_STAFF = 'GET /api/work/projects (staff)';
const BOARD = 'GET /api/work/projects/{id}/tasks (staff)';
const LIST_CLIENT = 'GET /api/work/projects (client)';

export function workTargets(f: WorkFixture, staff: string[], client: string[]): LoadTarget[] {
  const list = `/api/work/projects?company=${f.companyId}&pageSize=${PROJECT_PAGE}`;
  const boards = f.projectIds.map((id) => `/api/work/projects/${id}/tasks?pageSize=${TASK_PAGE}`);
  return [
    withSession(LIST_STAFF, list, staff),
    withSession(BOARD, boards, staff),
    withSession(LIST_CLIENT, list, client),
  ];
}

export interface CacheLookups {
  hit: number;
  miss: number;
}

/** The server's read-cache counters for one cache, from its /metrics. */
export async function cacheLookups(serverUrl: string, cache: string): Promise<CacheLookups> {
  const text = await (await fetch(`${serverUrl}/metrics`)).text();
  const value = (result: string) =>
    Number(
      new RegExp(`^read_cache_lookups_total\\{cache="${cache}",result="${result}"\\} (\\d+)`, 'm').exec(text)?.[1] ?? 0,
    );
  return { hit: value('hit'), miss: value('miss') };
}

export const cacheNote = (before: CacheLookups, after: CacheLookups): string => {
  const hit = after.hit - before.hit;
  const miss = after.miss - before.miss;
  return `Read cache during these runs: ${count(hit)} hits, ${count(miss)} misses (${((100 * hit) / Math.max(1, hit + miss)).toFixed(1)} % answered from memory); SQL/req above is a miss.`;
};

export function workTable(f: WorkFixture, runs: LoadRuns, duration: number): string {
  return loadTargetTable(
    `Work: project list and board (${WORK_CONNECTIONS} connections, ${duration} s each; 1 company, ${count(f.projectIds.length)} projects, ${count(f.tasks)} tasks)`,
    runs,
    WORK_P99_TARGET_MS,
    [
      `Project list: ?company=<id>&pageSize=${PROJECT_PAGE}. Board: ?pageSize=${TASK_PAGE}, cycling over all ${f.projectIds.length} projects.`,
      `Fixture inserted in ${ms(f.ms)} ms (multi-row INSERTs, then ANALYZE).`,
    ],
  );
}

/** The two hottest queries, built by the server's own repo functions, under EXPLAIN (ANALYZE, BUFFERS). */
export function explainHot(db: Kysely<Database>, f: WorkFixture): Promise<Plan[]> {
  const all = { kind: 'all' } as const;
  const queries = [
    {
      label: 'project list page (staff)',
      endpoint: LIST_STAFF,
      query: projectsQuery(db, all, { companyId: f.companyId })
        .orderBy('p.created_at', 'desc')
        .orderBy('p.id')
        .limit(PROJECT_PAGE)
        .offset(0)
        .compile(),
    },
    {
      label: 'board page (staff)',
      endpoint: BOARD,
      query: tasksQuery(db, all)
        .where('t.project_id', '=', f.projectIds[0] ?? '')
        .orderBy('t.created_at')
        .orderBy('t.id')
        .limit(TASK_PAGE)
        .offset(0)
        .compile(),
    },
  ];
  return explainQueries(db, queries);
}

/**
 * PASS when the 10,000-row tasks table is reached only through an index, and any sequential scan left
 * (projects: 200 rows in a few pages) is one the planner chose rightly.
 */
const indexed = (p: Plan): boolean =>
  !p.seqScans.some((s) => s.startsWith('tasks ')) && (!p.seqScans.length || seqScanIsCheaper(p));

export function workPlanTable(plans: Plan[], sqls: Statements): string {
  return planTable('Query plans of the two hottest queries', plans, sqls, indexed, [
    'PASS = tasks (10,000 rows) only through an index, and any sequential scan (projects: 200 rows in a few pages)',
    'is the cheaper choice: the same query with enable_seqscan = off is not faster. With it off the plans use:',
    ...plans.map((p) => `  ${p.label}: ${p.forced.indexScans.join(', ')}`),
  ]);
}
