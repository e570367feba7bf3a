import type { AddressInfo } from 'node:net';
import type { MailboxEntry } from '@coppertone/mail';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** A received mail: the dev-mailbox shape, and the files it carried with their bytes. */
export interface ReceivedMail extends MailboxEntry {
  files: Array<{ filename: string; contentType: string; content: Buffer }>;
}

export interface FakeSmtp {
  url: string;
  port: number;
  messages: ReceivedMail[];
  /** The most SMTP sessions that were open at one time (a pooled sender opens several). */
  readonly maxSessions: number;
  close(): Promise<void>;
}

/**
 * A real SMTP server on loopback that keeps what it receives, parsed into the dev-mailbox shape.
 * Tests send through nodemailer's SMTP transport to it, so the production mail path is exercised.
 */
export async function startFakeSmtp(port = 0): Promise<FakeSmtp> {
  const messages: ReceivedMail[] = [];
  let open = 0;
  let maxSessions = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onConnect(_session, callback) {
      open++;
      maxSessions = Math.max(maxSessions, open);
      callback();
    },
    onClose() {
      open--;
    },
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
            ...(mail.attachments.length
              ? {
                  attachments: mail.attachments.map((a) => ({
                    filename: a.filename ?? '',
                    contentType: a.contentType,
                    size: a.content.length,
                  })),
                }
              : {}),
            files: mail.attachments.map((a) => ({
              filename: a.filename ?? '',
              contentType: a.contentType,
              content: a.content,
            })),
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
    get maxSessions() {
      return maxSessions;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
