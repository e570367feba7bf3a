import { z } from 'zod';
import { flag, port } from './load.ts';

const url = (protocols: string[], hint: string) =>
  z.string().refine((v) => URL.canParse(v) && protocols.includes(new URL(v).protocol), {
    message: `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')} (${hint})`,
  });

/** Settings every function and the all-in-one server share. */
export const baseConfigFields = {
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: port.default(8080),
  /** Unset: 127.0.0.1 in demo mode, 0.0.0.0 otherwise (see `listenHost`). */
  HOST: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATABASE_URL: url(['postgres:', 'postgresql:'], 'e.g. postgres://user:pass@host:5432/db').optional(),
  DATA_DIR: z.string().default('./.data'),
  SMTP_URL: url(['smtp:', 'smtps:'], 'e.g. smtp://user:pass@mail.example.com:587').optional(),
  MAIL_FROM: z.string().default('Coppertone <no-reply@coppertonetech.com>'),
  PUBLIC_URL: url(['http:', 'https:'], 'the address people use, e.g. https://coppertonetech.com').default(
    'http://localhost:8080',
  ),
  TRUST_PROXY: flag.default(false),
};

export const baseConfigSchema = z.object(baseConfigFields);

/** Production must name its real database and mail server: no embedded fallbacks. */
export function requireProductionServices(
  cfg: { NODE_ENV: string; DATABASE_URL?: string; SMTP_URL?: string },
  ctx: z.RefinementCtx,
): void {
  if (cfg.NODE_ENV !== 'production') return;
  if (!cfg.DATABASE_URL)
    ctx.addIssue({
      code: 'custom',
      path: ['DATABASE_URL'],
      message: 'is required when NODE_ENV=production',
    });
  if (!cfg.SMTP_URL)
    ctx.addIssue({
      code: 'custom',
      path: ['SMTP_URL'],
      message: 'is required when NODE_ENV=production',
    });
}

export type BaseConfig = z.infer<typeof baseConfigSchema>;

/**
 * Demo mode: not production, and the embedded database (with the demo accounts and their published
 * password) or the dev mailbox (with everyone's reset and invitation links) in use.
 */
export const isDemo = (cfg: Pick<BaseConfig, 'NODE_ENV' | 'DATABASE_URL' | 'SMTP_URL'>): boolean =>
  cfg.NODE_ENV !== 'production' && (!cfg.SMTP_URL || !cfg.DATABASE_URL);

/**
 * Where to listen: `HOST` when set; else, in demo mode, this machine only (127.0.0.1), so the demo
 * logins and the dev mailbox are not offered to the network; else every address, as a container
 * behind the edge needs.
 */
export const listenHost = (cfg: Pick<BaseConfig, 'HOST' | 'NODE_ENV' | 'DATABASE_URL' | 'SMTP_URL'>): string =>
  cfg.HOST ?? (isDemo(cfg) ? '127.0.0.1' : '0.0.0.0');
