// Start-up time on the embedded database (PGlite): spawn → `GET /` answers 200, on an existing data dir.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@coppertone/db/testing';
import { onCleanup, startServer } from './server.ts';
import { ms, progress } from './table.ts';

export interface ColdStart {
  /** First start: creates the data dir, runs the migrations (until /readyz). */
  createMs: number;
  /** Later starts on the existing data dir (until GET / answers). */
  warmMs: number[];
}

export async function coldStart(env: Record<string, string>, runs: number): Promise<ColdStart> {
  const dataDir = mkdtempSync(join(tmpdir(), 'coppertone-bench-data-'));
  const remove = () => rmSync(dataDir, { recursive: true, force: true });
  onCleanup(remove);
  try {
    const start = async () => startServer(await freePort(), { ...env, DATA_DIR: dataDir });

    progress('Cold start: first start on an empty data dir (creates the PGlite database) …');
    const first = await start();
    let createMs: number;
    try {
      // Creating the database takes 10–20 s on a quiet 2-core machine and several times that when busy.
      createMs = await first.waitFor('/readyz', { timeoutMs: 240_000, intervalMs: 100 });
      progress(`  ready in ${ms(createMs)} ms`);
    } finally {
      await first.stop();
    }

    const warmMs: number[] = [];
    for (let i = 1; i <= runs; i++) {
      const server = await start();
      try {
        const took = await server.waitFor('/', { timeoutMs: 60_000, intervalMs: 50 });
        warmMs.push(took);
        progress(`  start ${i}/${runs} on the existing data dir: GET / answered after ${ms(took)} ms`);
      } finally {
        await server.stop();
      }
    }
    return { createMs, warmMs };
  } finally {
    remove();
  }
}
