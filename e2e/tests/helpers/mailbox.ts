/**
 * The mailbox the server under test delivers to: `E2E_MAILBOX_URL`, or the dev mailbox of the
 * all-in-one server (`/dev/mailbox.json`), a JSON array of `{ to, subject, text, html, sentAt }`.
 * Mail is sent by a queued job, so everything here polls until the mail arrives.
 */
import { type APIRequestContext, expect } from '@playwright/test';

export interface Mail {
  to: string;
  subject: string;
  text: string;
  html: string;
  sentAt: string;
}

export function mailboxUrl(baseURL: string | undefined): string {
  if (process.env.E2E_MAILBOX_URL) return process.env.E2E_MAILBOX_URL;
  if (!baseURL) throw new Error('Set baseURL in the Playwright config, or E2E_MAILBOX_URL');
  return new URL('/dev/mailbox.json', baseURL).href;
}

export interface MailQuery {
  /** The recipient (compared without regard to case). */
  to?: string;
  /** Text the mail's plain-text body contains. */
  text?: string;
}

const matches = (mail: Mail, query: MailQuery) =>
  (!query.to || mail.to?.toLowerCase().includes(query.to.toLowerCase())) &&
  (!query.text || mail.text?.includes(query.text));

async function readMailbox(request: APIRequestContext, url: string): Promise<Mail[]> {
  const response = await request.get(url);
  if (!response.ok()) return [];
  const mails = (await response.json()) as Mail[];
  return Array.isArray(mails) ? mails : [];
}

/**
 * The newest mail matching `query` once `count` of them have arrived (say 2, after asking for a
 * link a second time, so that the first one is not taken for the newest).
 */
export async function waitForMail(
  request: APIRequestContext,
  baseURL: string | undefined,
  query: MailQuery,
  { count = 1, timeout = 15_000 }: { count?: number; timeout?: number } = {},
): Promise<Mail> {
  const url = mailboxUrl(baseURL);
  let found: Mail[] = [];
  await expect
    .poll(
      async () => {
        found = (await readMailbox(request, url)).filter((mail) => matches(mail, query));
        return found.length;
      },
      {
        message: `${count} mail(s) matching ${JSON.stringify(query)} in ${url}`,
        timeout,
        intervals: [200, 400, 800, 1000],
      },
    )
    .toBeGreaterThanOrEqual(count);
  return found.sort((a, b) => Date.parse(a.sentAt) - Date.parse(b.sentAt)).at(-1) as Mail;
}

/**
 * The path and query of the first link in `mail` to a page under `path` (e.g. `/auth/confirm`).
 * Only the path is kept: the mail names the server's PUBLIC_URL, which need not be the address
 * the tests reach it at.
 */
export function linkIn(mail: Mail, path: string): string {
  for (const [raw] of mail.text.matchAll(/https?:\/\/[^\s<>"')]+/g)) {
    const url = new URL(raw);
    if (url.pathname === path) return `${url.pathname}${url.search}`;
  }
  throw new Error(`No link to ${path} in the mail "${mail.subject}" to ${mail.to}:\n${mail.text}`);
}

/**
 * Waits for `count` mails to `to` with a link to `path`, and returns the link (path and query)
 * of the newest.
 */
export async function linkFromMail(
  request: APIRequestContext,
  baseURL: string | undefined,
  to: string,
  path: string,
  count = 1,
): Promise<string> {
  return linkIn(await waitForMail(request, baseURL, { to, text: path }, { count }), path);
}
