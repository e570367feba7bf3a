import { readFileSync } from 'node:fs';
import { ConfigError, loadConfig, port } from '@coppertone/config';
import { z } from 'zod';

// Settings, from the environment. Secrets (the bot's access token, the webhook token Alertmanager
// presents) come from files (podman secrets), or the variable itself where a file is impractical.
const schema = z.object({
  PORT: port.default(8080),
  HOST: z.string().default('0.0.0.0'),
  LOG_LEVEL: z.string().default('info'),
  MATRIX_HOMESERVER_URL: z.url('must be the homeserver URL, e.g. http://synapse:8008'),
  MATRIX_ROOM_ID: z
    .string({ error: 'required: the room id, like !abc:example.com (not an alias)' })
    .regex(/^!.+:.+$/, 'must be a room id like !abc:example.com (not an alias)'),
  MATRIX_ACCESS_TOKEN: z.string().optional(),
  MATRIX_ACCESS_TOKEN_FILE: z.string().optional(),
  MATRIX_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  ALERTS_WEBHOOK_TOKEN: z.string().optional(),
  ALERTS_WEBHOOK_TOKEN_FILE: z.string().optional(),
  ALERTS_RUNBOOK_BASE_URL: z.url().optional(),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must be smtp://user:pass@host:587 or smtps://…')
    .optional(),
  ALERTS_EMAIL_TO: z
    .string()
    .refine((v) => v.split(',').every((a) => z.email().safeParse(a.trim()).success), {
      message: 'must be e-mail addresses, comma-separated',
    })
    .optional(),
  MAIL_FROM: z.string().default('Coppertone alerts <alerts@coppertonetech.com>'),
  SMTP_TIMEOUT_MS: z.coerce.number().int().positive().default(15_000),
});

// Checks across settings, made on the raw environment so they are listed with every other problem
// (an object-level zod refinement would run only once every field is valid).
function crossProblems(env: NodeJS.ProcessEnv): string[] {
  const set = (name: string) => Boolean(env[name]);
  const problems: string[] = [];
  if (!set('MATRIX_ACCESS_TOKEN') && !set('MATRIX_ACCESS_TOKEN_FILE')) {
    problems.push('MATRIX_ACCESS_TOKEN_FILE: set it (a file holding the bot access token), or MATRIX_ACCESS_TOKEN');
  }
  if (set('SMTP_URL') !== set('ALERTS_EMAIL_TO')) {
    problems.push(
      'ALERTS_EMAIL_TO: the e-mail fallback needs both SMTP_URL and ALERTS_EMAIL_TO (comma-separated addresses)',
    );
  }
  return problems;
}

export interface AlertsConfig {
  port: number;
  host: string;
  logLevel: string;
  matrix: { homeserverUrl: string; roomId: string; accessToken: string; timeoutMs: number };
  webhookToken: string | undefined;
  runbookBaseUrl: string | undefined;
  mail: { smtpUrl: string; to: string[]; from: string; timeoutMs: number } | undefined;
}

function secret(value: string | undefined, file: string | undefined, name: string): string | undefined {
  if (!file) return value;
  try {
    const s = readFileSync(file, 'utf8').trim();
    if (s) return s;
  } catch (err) {
    throw new Error(`${name}_FILE: cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? err}`);
  }
  throw new Error(`${name}_FILE: ${file} is empty`);
}

export function readAlertsConfig(env: NodeJS.ProcessEnv = process.env): AlertsConfig {
  const cross = crossProblems(env);
  let c: z.infer<typeof schema>;
  try {
    c = loadConfig(schema, env);
  } catch (err) {
    if (err instanceof ConfigError) throw new ConfigError([...err.problems, ...cross]);
    throw err;
  }
  if (cross.length > 0) throw new ConfigError(cross);
  return {
    port: c.PORT,
    host: c.HOST,
    logLevel: c.LOG_LEVEL,
    matrix: {
      homeserverUrl: c.MATRIX_HOMESERVER_URL,
      roomId: c.MATRIX_ROOM_ID,
      accessToken: secret(c.MATRIX_ACCESS_TOKEN, c.MATRIX_ACCESS_TOKEN_FILE, 'MATRIX_ACCESS_TOKEN') ?? '',
      timeoutMs: c.MATRIX_TIMEOUT_MS,
    },
    webhookToken: secret(c.ALERTS_WEBHOOK_TOKEN, c.ALERTS_WEBHOOK_TOKEN_FILE, 'ALERTS_WEBHOOK_TOKEN'),
    runbookBaseUrl: c.ALERTS_RUNBOOK_BASE_URL,
    mail:
      c.SMTP_URL && c.ALERTS_EMAIL_TO
        ? {
            smtpUrl: c.SMTP_URL,
            to: c.ALERTS_EMAIL_TO.split(',')
              .map((s) => s.trim())
              .filter(Boolean),
            from: c.MAIL_FROM,
            timeoutMs: c.SMTP_TIMEOUT_MS,
          }
        : undefined,
  };
}
