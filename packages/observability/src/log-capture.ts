import { readFileSync } from 'node:fs';
import { pino } from 'pino';

/** Names the file every logger of a test run also writes to, at every level (set by the test tiers' global setup). */
export const CAPTURE_ENV = 'LOG_CAPTURE_FILE';

const streams = new Map<string, pino.DestinationStream>();

/** One appending stream per file and process: lines of concurrent loggers never interleave. */
export function captureStream(file: string): pino.DestinationStream {
  let stream = streams.get(file);
  if (!stream) {
    stream = pino.destination({ dest: file, append: true, sync: true, mkdir: true });
    streams.set(file, stream);
  }
  return stream;
}

/** Names under which only a redacted value may be logged. */
const SECRET_KEY =
  /^(password|newPassword|currentPassword|passwordHash|password_hash|token|secret|cookie|authorization|set-cookie)$/i;

/**
 * What must never be in a log line: a password hash, the session cookie, a raw 256-bit token (43
 * base64url characters, as reset, confirmation, invitation and session tokens are made), the demo
 * password, or any value of a secret-named field that is not `[redacted]`.
 */
const SECRET_TEXT: Array<[string, RegExp]> = [
  ['a password hash', /\$argon2[^"\s]*/],
  ['the session cookie', /cp_session=[^;"\s]*/],
  ['a 256-bit token', /(?<![\w-])[\w-]{43}(?![\w-])/],
  ['the demo password', /coppertone-demo/],
];

export interface LeakedSecret {
  line: number;
  what: string;
  /** The offending line, cut short and with the secret itself masked, so the report does not leak it again. */
  excerpt: string;
}

/** Every log line (JSON, one per line) that carries a secret. */
export function findSecrets(text: string): LeakedSecret[] {
  const found: LeakedSecret[] = [];
  const lines = text.split('\n');
  for (const [i, raw] of lines.entries()) {
    if (!raw.trim()) continue;
    const report = (what: string, pattern?: RegExp) =>
      found.push({ line: i + 1, what, excerpt: (pattern ? raw.replace(pattern, '«…»') : raw).slice(0, 300) });
    const hit = SECRET_TEXT.find(([, pattern]) => pattern.test(raw));
    if (hit) {
      report(hit[0], new RegExp(hit[1], 'g'));
      continue;
    }
    let record: unknown;
    try {
      record = JSON.parse(raw);
    } catch {
      continue;
    }
    const key = secretField(record, 0);
    if (key) report(`a value of "${key}"`);
  }
  return found;
}

function secretField(value: unknown, depth: number): string | undefined {
  if (depth > 10 || value === null || typeof value !== 'object') return undefined;
  for (const [key, v] of Object.entries(value)) {
    if (SECRET_KEY.test(key) && typeof v === 'string' && v !== '[redacted]') return key;
    const deeper = secretField(v, depth + 1);
    if (deeper) return deeper;
  }
  return undefined;
}

/**
 * Every line that is not what Loki's queries and the logs dashboard read: one JSON object with
 * `level` (pino's number), `time`, `msg` and `service`; a line with a `route` (a request's) also
 * carries its `requestId`.
 */
export function findMalformed(text: string): LeakedSecret[] {
  const found: LeakedSecret[] = [];
  for (const [i, raw] of text.split('\n').entries()) {
    if (!raw.trim()) continue;
    const report = (what: string) =>
      found.push({
        line: i + 1,
        what,
        excerpt: findSecrets(raw).length ? '«a line with a secret»' : raw.slice(0, 300),
      });
    let record: Record<string, unknown>;
    try {
      record = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      report('not JSON');
      continue;
    }
    const missing = (
      [
        ['level', 'number'],
        ['time', 'string'],
        ['msg', 'string'],
        ['service', 'string'],
      ] as const
    )
      .filter(([key, type]) => typeof record[key] !== type)
      .map(([key]) => key);
    if (record.route !== undefined && typeof record.requestId !== 'string') missing.push('requestId' as never);
    if (missing.length) report(`without ${missing.join(', ')}`);
  }
  return found;
}

/** Reads a capture file and lists the lines without the fields every line must have. */
export function scanLogFileShape(file: string): LeakedSecret[] {
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  return findMalformed(text);
}

/** Reads a capture file and lists the secrets in it. */
export function scanLogFile(file: string): LeakedSecret[] {
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  return findSecrets(text);
}
