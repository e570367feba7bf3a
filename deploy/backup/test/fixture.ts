// The database the backup tests back up: the app's own migrations and the bench's fixtures (staff,
// 200 projects × 50 tasks with comments and activity, 10,000 invoices with lines, payment attempts
// and payments), plus refunds of some payments, and optionally a bulk of activity rows (the
// 1-million-row figure). Also the per-table checksums that prove every row came back.
import { createHash } from 'node:crypto';
import { migrateToLatest, openDatabase } from '@coppertone/db';
import { sql } from 'kysely';
import pg from 'pg';
import { seedInvoices } from '../../../scripts/bench/fixtures/billing.ts';
import { insertStaff, sessionTokens } from '../../../scripts/bench/fixtures/users.ts';
import { seedWork } from '../../../scripts/bench/fixtures/work.ts';

// A placeholder in the argon2 format: nobody logs in to the backed-up database.
const HASH = '$argon2id$v=19$m=19456,t=2,p=1$YmFja3VwLXRlc3Q$cGxhY2Vob2xkZXItbm90LWEtcmVhbC1oYXNoAA';

export interface Filled {
  rows: number;
  ms: number;
}

export async function fill(url: string, opts: { extraActivityRows?: number } = {}): Promise<Filled> {
  const started = performance.now();
  const handle = await openDatabase({ url, poolSize: 2 });
  try {
    const db = handle.db;
    await migrateToLatest(db);
    const staff = await insertStaff(db, 5, HASH);
    const staffIds = staff.map((s) => s.id);
    await sessionTokens(db, staffIds, 20);
    await seedWork(db, staffIds, HASH);
    await seedInvoices(db, staffIds, HASH);
    // Money given back: a refund for every 20th payment (the fixtures write none).
    await sql`insert into refunds (invoice_id, payment_id, provider, amount, currency, status, note, created_by)
      select p.invoice_id, p.id, p.provider, greatest(1, p.amount / 10), p.currency,
             case when row_number() over (order by p.id) % 3 = 0 then 'pending' else 'succeeded' end,
             'backup test', ${staffIds[0]}
      from payments p where p.id in (select id from payments order by id limit (select count(*) / 20 from payments))`.execute(
      db,
    );
    if (opts.extraActivityRows) {
      await sql`insert into activity (project_id, actor_id, action, changes, created_at)
        select (select id from projects order by id limit 1), ${staffIds[0]}, 'task.updated',
               jsonb_build_object('title', jsonb_build_array('before ' || g, 'after ' || g)),
               now() - make_interval(secs => g)
        from generate_series(1, ${opts.extraActivityRows}) g`.execute(db);
    }
    const counts = await tableChecksums(url);
    return { rows: Object.values(counts).reduce((n, c) => n + c.rows, 0), ms: performance.now() - started };
  } finally {
    await handle.close();
  }
}

export interface TableSum {
  rows: number;
  md5: string;
}

/**
 * Every table's row count and a checksum of every row (its text form, in a fixed order and
 * settings), and every sequence's position: equal before and after means every row came back.
 */
export async function tableChecksums(url: string): Promise<Record<string, TableSum>> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(
      "set timezone = 'UTC'; set datestyle = 'ISO, YMD'; set extra_float_digits = 1; set bytea_output = 'hex'",
    );
    const tables = await c.query<{ s: string; t: string; kind: string }>(
      `select n.nspname as s, c.relname as t, c.relkind::text as kind from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where c.relkind in ('r', 'p', 'S') and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg\\_%'
       order by 1, 2`,
    );
    const out: Record<string, TableSum> = {};
    for (const { s, t, kind } of tables.rows) {
      const name = `${s}.${t}`;
      const ident = `"${s.replaceAll('"', '""')}"."${t.replaceAll('"', '""')}"`;
      if (kind === 'S') {
        const r = await c.query(`select last_value::text || ':' || is_called::text as v from ${ident}`);
        out[name] = { rows: 0, md5: createHash('md5').update(r.rows[0].v).digest('hex') };
        continue;
      }
      // streamed through a hash so a million rows never sit in one string
      const hash = createHash('md5');
      let rows = 0;
      const cur = await c.query(`select t::text as r from ${ident} t order by t::text collate "C"`);
      for (const row of cur.rows) {
        hash.update(row.r);
        hash.update('\n');
        rows++;
      }
      out[name] = { rows, md5: hash.digest('hex') };
    }
    return out;
  } finally {
    await c.end();
  }
}
