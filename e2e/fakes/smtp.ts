import type { AddressInfo } from 'node:net';
import type { MailboxEntry } from '@coppertone/mail';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface FakeSmtp {
  url: string;
  port: number;
  messages: MailboxEntry[];
  close(): Promise<void>;
}

/**
 * A real SMTP server on loopback that keeps what it receives, parsed into the dev-mailbox shape.
 * Tests send through nodemailer's SMTP transport to it, so the production mail path is exercised.
 */
export async function startFakeSmtp(port = 0): Promise<FakeSmtp> {
  const messages: MailboxEntry[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          const to = Array.isArray(mail.to) ? mail.to.map((a) => a.text).join(', ') : (mail.to?.text ?? '');
          messages.push({
            to,
            subject: mail.subject ?? '',
            text: mail.text ?? '',
            html: typeof mail.html === 'string' ? mail.html : '',
            sentAt: new Date().toISOString(),
          });
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const actual = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${actual}`,
    port: actual,
    messages,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
