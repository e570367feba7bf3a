import nodemailer from 'nodemailer';

export interface OutgoingMail {
  to: string | string[];
  subject: string;
  text: string;
  html?: string;
  replyTo?: string;
}

/** The dev mailbox contract (ARCHITECTURE.md): what `/dev/mailbox.json` returns. */
export interface MailboxEntry {
  to: string;
  subject: string;
  text: string;
  html: string;
  sentAt: string;
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<void>;
  /** Present in demo mode only: the mail "sent" so far, newest last. */
  mailbox?: DevMailbox;
  describe(): string;
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

/** SMTP when `smtpUrl` is given; otherwise the dev mailbox. */
export function createMailer(opts: { smtpUrl?: string; from: string }): Mailer {
  if (opts.smtpUrl) {
    const transport = nodemailer.createTransport(opts.smtpUrl);
    const host = new URL(opts.smtpUrl).host;
    return {
      async send(mail) {
        await transport.sendMail({ from: opts.from, ...mail });
      },
      describe: () => `SMTP ${host}`,
    };
  }
  const mailbox = new DevMailbox();
  const transport = nodemailer.createTransport({ jsonTransport: true });
  return {
    mailbox,
    async send(mail) {
      await transport.sendMail({ from: opts.from, ...mail });
      mailbox.add({
        to: Array.isArray(mail.to) ? mail.to.join(', ') : mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html ?? '',
        sentAt: new Date().toISOString(),
      });
    },
    describe: () => 'dev mailbox (demo mode: mail is kept in memory, read it at /dev/mailbox)',
  };
}
