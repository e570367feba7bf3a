// Playwright global teardown: each all-in-one server this run started wrote every log line, at every
// level, to a capture file (LOG_CAPTURE_FILE, see packages/observability). The run fails when a line
// carries a password, a hash, a token or a cookie (as it does for the unit and integration tiers),
// or is not what Loki's queries and the logs dashboard read: JSON with level, time, msg and service,
// and a request's lines with their requestId.
import { existsSync, rmSync, statSync } from 'node:fs';
import { scanLogFile, scanLogFileShape } from '../packages/observability/src/log-capture.ts';

export default function scanServerLogs(): void {
  const files = (process.env.E2E_LOG_CAPTURE_FILES ?? '').split(',').filter(Boolean);
  const problems = files.flatMap(scanServerLog);
  if (problems.length) throw new Error(problems.join('\n'));
}

function scanServerLog(file: string): string[] {
  // The server logs at startup whatever happens next: no capture means the scan would see nothing.
  if (!existsSync(file) || statSync(file).size === 0)
    return [`The server under test wrote no log lines to ${file}: its logs were not checked.`];
  const leaks = scanLogFile(file);
  const malformed = scanLogFileShape(file);
  if (!leaks.length && !malformed.length) {
    rmSync(file, { force: true });
    return [];
  }
  const list = (found: typeof leaks) =>
    found
      .slice(0, 20)
      .map((l) => `  line ${l.line}: ${l.what}\n    ${l.excerpt}`)
      .join('\n');
  return [
    `The server under test logged (kept in ${file}):`,
    ...(leaks.length ? [`${leaks.length} log line(s) carry a secret:\n${list(leaks)}`] : []),
    ...(malformed.length
      ? [`${malformed.length} log line(s) lack the fields every line must have:\n${list(malformed)}`]
      : []),
  ];
}
