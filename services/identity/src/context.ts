import type { AuthEnv } from '@coppertone/auth';
import type { Database } from '@coppertone/db';
import type { AppEnv } from '@coppertone/http';
import type { Jobs } from '@coppertone/jobs';
import type { Kysely } from 'kysely';

/** What the identity function's handlers and services share. */
export interface IdentityDeps {
  db: Kysely<Database>;
  jobs: Pick<Jobs, 'send'>;
  publicUrl: string;
  trustProxy: boolean;
}

export type IdentityEnv = { Variables: AppEnv['Variables'] & AuthEnv['Variables'] };

/** Cookies are Secure whenever the platform is reached over HTTPS. */
export const secureCookies = (deps: IdentityDeps): boolean => deps.publicUrl.startsWith('https:');
