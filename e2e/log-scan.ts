// Playwright global teardown: the all-in-one server this run started wrote every log line, at every
// level, to a capture file (LOG_CAPTURE_FILE, see packages/observability); one carrying a password,
// a hash, a token or a cookie fails the run, as it does for the unit and integration tiers.
import { rmSync } from 'node:fs';
import { scanLogFile } from '../packages/observability/src/log-capture.ts';

export default function scanServerLog(): void {
  const file = process.env.E2E_LOG_CAPTURE_FILE;
  if (!file) return;
  const leaks = scanLogFile(file);
  if (!leaks.length) {
    rmSync(file, { force: true });
    return;
  }
  const list = leaks
    .slice(0, 20)
    .map((l) => `  line ${l.line}: ${l.what}\n    ${l.excerpt}`)
    .join('\n');
  throw new Error(`${leaks.length} log line(s) of the server under test carry a secret (kept in ${file}):\n${list}`);
}
