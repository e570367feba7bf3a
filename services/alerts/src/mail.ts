import nodemailer from 'nodemailer';
import type { FormattedMessage } from './format.ts';

export interface MailFallback {
  send(message: FormattedMessage): Promise<void>;
  describe(): string;
}

/** The e-mail fallback: the same message, to the on-call addresses, over SMTP. */
export function createMailFallback(opts: {
  smtpUrl: string;
  from: string;
  to: string[];
  timeoutMs: number;
}): MailFallback {
  const url = new URL(opts.smtpUrl);
  const transport = nodemailer.createTransport({
    host: url.hostname,
    port: url.port ? Number(url.port) : url.protocol === 'smtps:' ? 465 : 587,
    secure: url.protocol === 'smtps:',
    auth: url.username ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } : undefined,
    // Bounded, so a dead mail server cannot hold Alertmanager's request past its own timeout.
    connectionTimeout: opts.timeoutMs,
    greetingTimeout: opts.timeoutMs,
    socketTimeout: opts.timeoutMs,
  });
  const host = url.host;
  return {
    async send(message) {
      await transport.sendMail({
        from: opts.from,
        to: opts.to,
        subject: `[alert] ${message.title}`,
        text: message.text,
        html: message.html,
      });
    },
    describe: () => `SMTP ${host} to ${opts.to.join(', ')}`,
  };
}
