import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = new URL('../..', import.meta.url).pathname.replace(/\/$/, '');
const WEB = join(ROOT, 'apps/web');
const SOURCES = ['src', 'content', 'static', 'vite.config.ts', 'package.json'].map((p) => join(WEB, p));
const STAMP = join(WEB, 'build/index.html');

function newest(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(st.mtimeMs, ...readdirSync(path).map((name) => newest(join(path, name))));
}

/** True when the web build is missing or older than any of its sources. */
export function webBuildIsStale(): boolean {
  if (!existsSync(STAMP)) return true;
  const built = statSync(STAMP).mtimeMs;
  return [...SOURCES, join(ROOT, 'packages/contracts/src')].some((p) => newest(p) > built);
}

/** Builds the web app when stale; throws if the build fails. */
export function ensureWebBuild(log: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): void {
  if (!webBuildIsStale()) return;
  log('Building the web app (apps/web) …');
  const started = performance.now();
  const res = spawnSync('npm', ['run', 'build', '-w', '@coppertone/web', '--silent'], { cwd: ROOT, stdio: 'inherit' });
  if (res.status !== 0) throw new Error('The web app build failed (see above).');
  log(`Web app built in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
}
