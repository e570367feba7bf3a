import type { MailboxEntry, Mailer } from './mailer.ts';

/** The latest mail to `to` in the mailer's dev mailbox that matches, once it is there; throws after 10 s. */
export async function waitForMail(
  mailer: Mailer,
  to: string,
  match: (m: MailboxEntry) => boolean = () => true,
): Promise<MailboxEntry> {
  for (let i = 0; i < 100; i++) {
    const hit = mailer.mailbox
      ?.list()
      .filter((m) => m.to === to && match(m))
      .at(-1);
    if (hit) return hit;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no mail to ${to} within 10 s`);
}
