import type { Database } from '@coppertone/db';
import type { JobDefinition } from '@coppertone/jobs';
import type { Mailer } from '@coppertone/mail';
import type { Kysely } from 'kysely';
import { alreadyRegisteredMail, confirmMail, resetMail } from '../mails.ts';
import { findUserByEmail, issueEmailToken } from './accounts.repo.ts';

export const ACCOUNT_MAIL_JOB = 'identity.account-mail';

export const CONFIRM_TTL_MS = 24 * 3600 * 1000;
export const RESET_TTL_MS = 3600 * 1000;

/**
 * A mail about an account, asked for by address: a reset link, a confirmation link (for an account
 * still awaiting confirmation), or the notice that someone tried to register an address that has
 * an account.
 */
export interface AccountMail {
  purpose: 'reset' | 'confirm' | 'already-registered';
  email: string;
}

/**
 * Looks the address up, issues the link's token and sends the mail, in the worker. Forgot-password
 * and resend-confirmation only enqueue this job, for known and unknown addresses alike, so their
 * answers cost the same whether or not an account exists (no enumeration by timing), and the link's
 * token never rests in the queue. An address without a fitting account gets nothing.
 */
export function accountMailJob(deps: {
  db: Kysely<Database>;
  mailer: Mailer;
  publicUrl: string;
}): JobDefinition<AccountMail> {
  return {
    name: ACCOUNT_MAIL_JOB,
    async handle({ purpose, email }, { log }) {
      const user = await findUserByEmail(deps.db, email);
      if (!user || (purpose === 'confirm' && user.email_confirmed_at)) {
        log.info({ purpose }, 'no account this mail is for; nothing sent');
        return;
      }
      if (purpose === 'already-registered') {
        await deps.mailer.send(
          alreadyRegisteredMail(user.email, user.name, `${deps.publicUrl}/auth/login`, `${deps.publicUrl}/auth/forgot`),
        );
      } else {
        // A retried job issues a fresh token: the one of a mail that may not have gone out stops working.
        const token = await issueEmailToken(
          deps.db,
          user.id,
          purpose,
          purpose === 'reset' ? RESET_TTL_MS : CONFIRM_TTL_MS,
        );
        const mail =
          purpose === 'reset'
            ? resetMail(user.email, user.name, `${deps.publicUrl}/auth/reset?token=${token}`)
            : confirmMail(user.email, user.name, `${deps.publicUrl}/auth/confirm?token=${token}`);
        await deps.mailer.send(mail);
      }
      log.info({ purpose, userId: user.id }, 'account mail sent');
    },
  };
}
