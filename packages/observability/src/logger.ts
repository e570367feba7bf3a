import { type DestinationStream, type Logger, pino } from 'pino';

export type { Logger };

/**
 * JSON logs on stdout, the shape Loki ingests. Secrets are redacted by path wherever they could
 * appear (request headers, config objects, bodies), so a careless `log.info({ req })` cannot leak them.
 */
export function createLogger(opts: { name: string; level?: string; destination?: DestinationStream }): Logger {
  return pino(
    {
      name: opts.name,
      level: opts.level ?? 'info',
      base: { service: opts.name },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: {
        paths: [
          '*.password',
          '*.token',
          '*.secret',
          'password',
          'headers.authorization',
          'headers.cookie',
          '*.headers.authorization',
          '*.headers.cookie',
          'DATABASE_URL',
          'SMTP_URL',
          '*.DATABASE_URL',
          '*.SMTP_URL',
        ],
        censor: '[redacted]',
      },
    },
    opts.destination ?? pino.destination(1),
  );
}

/** Strips the password from a connection URL so it can be printed. */
export function safeUrl(raw: string): string {
  const u = new URL(raw);
  if (u.password) u.password = '***';
  return u.toString();
}
