import nodemailer from 'nodemailer';

/**
 * A file sent with a mail (a receipt's PDF). The content is base64 text, not bytes: a mail is queued
 * as JSON for the worker, and base64 survives that unchanged.
 */
export interface MailAttachment {
  filename: string;
  contentType: string;
  contentBase64: string;
}

export interface OutgoingMail {
  to: string | string[];
  subject: string;
  text: string;
  html?: string;
  replyTo?: string;
  attachments?: MailAttachment[];
}

/** The dev mailbox contract (ARCHITECTURE.md): what `/dev/mailbox.json` returns. */
export interface MailboxEntry {
  to: string;
  subject: string;
  text: string;
  html: string;
  sentAt: string;
  /** Files sent with it, by name, type and size in bytes (the content is not kept). */
  attachments?: Array<{ filename: string; contentType: string; size: number }>;
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<void>;
  /** Present in demo mode only: the mail "sent" so far, newest last. */
  mailbox?: DevMailbox;
  describe(): string;
  /** Closes the SMTP connections kept open (they also close by themselves when idle). */
  close?(): void;
}

/** In-memory mailbox for demo mode: mail is rendered by nodemailer exactly as for SMTP, then kept. */
export class DevMailbox {
  readonly #entries: MailboxEntry[] = [];
  readonly capacity: number;
  constructor(capacity = 500) {
    this.capacity = capacity;
  }
  add(entry: MailboxEntry): void {
    this.#entries.push(entry);
    if (this.#entries.length > this.capacity) this.#entries.shift();
  }
  list(): MailboxEntry[] {
    return [...this.#entries];
  }
}

/** The mail as nodemailer takes it: attachments decoded from base64 by nodemailer itself. */
function message(from: string, mail: OutgoingMail) {
  const { attachments, ...rest } = mail;
  return {
    from,
    ...rest,
    ...(attachments?.length
      ? {
          attachments: attachments.map((a) => ({
            filename: a.filename,
            contentType: a.contentType,
            content: a.contentBase64,
            encoding: 'base64',
          })),
        }
      : {}),
  };
}

/** SMTP connections one process keeps open at most. */
export const SMTP_CONNECTIONS = 5;

/** SMTP when `smtpUrl` is given; otherwise the dev mailbox. */
export function createMailer(opts: { smtpUrl?: string; from: string }): Mailer {
  if (opts.smtpUrl) {
    // Pooled: connections are kept open and reused, and concurrent sends share at most this many
    // (most SMTP services allow a handful per client; one per mail costs a handshake each).
    // Idle connections close after 5 s: kept through a burst, not holding a stopping process open.
    const transport = nodemailer.createTransport({
      url: opts.smtpUrl,
      pool: true,
      maxConnections: SMTP_CONNECTIONS,
      idleTimeout: 5_000,
    });
    const host = new URL(opts.smtpUrl).host;
    return {
      async send(mail) {
        await transport.sendMail(message(opts.from, mail));
      },
      describe: () => `SMTP ${host}`,
      close: () => transport.close(),
    };
  }
  const mailbox = new DevMailbox();
  const transport = nodemailer.createTransport({ jsonTransport: true });
  return {
    mailbox,
    async send(mail) {
      await transport.sendMail(message(opts.from, mail));
      mailbox.add({
        to: Array.isArray(mail.to) ? mail.to.join(', ') : mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html ?? '',
        sentAt: new Date().toISOString(),
        ...(mail.attachments?.length
          ? {
              attachments: mail.attachments.map((a) => ({
                filename: a.filename,
                contentType: a.contentType,
                size: Buffer.from(a.contentBase64, 'base64').length,
              })),
            }
          : {}),
      });
    },
    describe: () => 'dev mailbox (demo mode: mail is kept in memory, read it at /dev/mailbox)',
  };
}
