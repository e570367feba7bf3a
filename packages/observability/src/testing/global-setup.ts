import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CAPTURE_ENV, scanLogFile } from '../log-capture.ts';

/**
 * Vitest global setup of the unit and integration tiers: every logger of every test file writes
 * each line, at every level, to one file as well (see createLogger), and at the end of the run that
 * file is searched for passwords, hashes, tokens and cookies. One found fails the run, naming the
 * line. When both tiers run together the first setup makes the file and the other uses it.
 */
export default function setup(): () => void {
  if (process.env[CAPTURE_ENV]) return () => {};
  const dir = mkdtempSync(join(tmpdir(), 'coppertone-logs-'));
  const file = join(dir, 'run.log');
  process.env[CAPTURE_ENV] = file;
  return () => {
    const leaks = scanLogFile(file);
    const size = (() => {
      try {
        return statSync(file).size;
      } catch {
        return 0;
      }
    })();
    delete process.env[CAPTURE_ENV];
    if (!leaks.length) {
      process.stdout.write(`Log lines of this run (${size} bytes) searched for secrets: none found.\n`);
      rmSync(dir, { recursive: true, force: true });
      return;
    }
    const list = leaks
      .slice(0, 20)
      .map((l) => `  line ${l.line}: ${l.what}\n    ${l.excerpt}`)
      .join('\n');
    throw new Error(
      `${leaks.length} log line(s) of this test run carry a secret (log kept in ${file}, ${size} bytes):\n${list}`,
    );
  };
}
