import { type DestinationStream, type Logger, type LoggerOptions, pino } from 'pino';
import { CAPTURE_ENV, captureStream } from './log-capture.ts';

export type { Logger };

/**
 * Fields of an error that hold the values a statement was run with (PGlite puts `params` and
 * `queryOptions` on its errors; other drivers and query builders use the other names): a failed
 * registration's parameters include the new password's hash. Never logged, at any depth.
 */
const STATEMENT_FIELDS = new Set(['params', 'parameters', 'queryOptions', 'bindings', 'values']);

/** Pino's error serializer, with every statement parameter replaced by `[redacted]`, in causes too. */
export function serializeError(err: unknown): unknown {
  if (!(err instanceof Error)) return err;
  return scrubStatement(pino.stdSerializers.err(err), 0);
}

function scrubStatement(value: unknown, depth: number): unknown {
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => scrubStatement(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    out[key] = STATEMENT_FIELDS.has(key) ? '[redacted]' : scrubStatement(v, depth + 1);
  }
  return out;
}

/**
 * JSON logs on stdout, the shape Loki ingests. Secrets are redacted by path wherever they could
 * appear (request headers, config objects, bodies), so a careless `log.info({ req })` cannot leak
 * them, and errors are serialized without the parameters of the statement that failed.
 *
 * Under test, `LOG_CAPTURE_FILE` (set by the test tiers' global setup) gets every line of every
 * logger at every level, also those that print nothing, so the run can be checked for secrets.
 */
export function createLogger(opts: { name: string; level?: string; destination?: DestinationStream }): Logger {
  const level = opts.level ?? 'info';
  const options: LoggerOptions = {
    name: opts.name,
    level,
    base: { service: opts.name },
    timestamp: pino.stdTimeFunctions.isoTime,
    serializers: { err: serializeError, error: serializeError, cause: serializeError },
    redact: {
      paths: [
        '*.password',
        '*.token',
        '*.secret',
        'password',
        'token',
        'secret',
        'cookie',
        'headers.authorization',
        'headers.cookie',
        '*.headers.authorization',
        '*.headers.cookie',
        '*.headers["set-cookie"]',
        'DATABASE_URL',
        'SMTP_URL',
        '*.DATABASE_URL',
        '*.SMTP_URL',
      ],
      censor: '[redacted]',
    },
  };
  const destination = opts.destination ?? pino.destination(1);
  const capture = process.env[CAPTURE_ENV] ? captureStream(process.env[CAPTURE_ENV]) : undefined;
  if (!capture) return pino(options, destination);
  const streams: pino.StreamEntry[] = [{ level: 'trace', stream: capture }];
  if (level !== 'silent') streams.push({ level: level as pino.Level, stream: destination });
  return pino({ ...options, level: 'trace' }, pino.multistream(streams));
}

/** Strips the password from a connection URL so it can be printed. */
export function safeUrl(raw: string): string {
  const u = new URL(raw);
  if (u.password) u.password = '***';
  return u.toString();
}
