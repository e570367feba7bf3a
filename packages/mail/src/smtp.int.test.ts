import { startFakeSmtp } from '@coppertone/stand-ins/smtp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailer, SMTP_CONNECTIONS } from './mailer.ts';

let smtp: Awaited<ReturnType<typeof startFakeSmtp>>;
beforeAll(async () => {
  smtp = await startFakeSmtp();
});
afterAll(() => smtp.close());

describe('SMTP mailer', () => {
  it('delivers through a real SMTP conversation', async () => {
    const mailer = createMailer({ smtpUrl: smtp.url, from: 'Coppertone <no-reply@coppertone.test>' });
    expect(mailer.mailbox).toBeUndefined();
    expect(mailer.describe()).toBe(`SMTP 127.0.0.1:${smtp.port}`);
    await mailer.send({ to: 'staff@coppertone.test', subject: 'Héllo', text: 'Body ünïcode', html: '<p>Body</p>' });
    expect(smtp.messages).toHaveLength(1);
    expect(smtp.messages[0]).toMatchObject({ to: 'staff@coppertone.test', subject: 'Héllo' });
    expect(smtp.messages[0]?.text.trim()).toBe('Body ünïcode');
    mailer.close?.();
  });

  it('sends attachments given as base64 (as a queued mail carries them) as the original bytes', async () => {
    const mailer = createMailer({ smtpUrl: smtp.url, from: 'Coppertone <no-reply@coppertone.test>' });
    const pdf = Buffer.concat([Buffer.from('%PDF-1.3\n'), Buffer.from([0, 0xff, 0x80, 0x0a]), Buffer.from('%%EOF\n')]);
    await mailer.send({
      to: 'pay@coppertone.test',
      subject: 'Receipt',
      text: 'Attached.',
      attachments: [
        { filename: 'receipt-2026-0001.pdf', contentType: 'application/pdf', contentBase64: pdf.toString('base64') },
      ],
    });
    mailer.close?.();
    const got = smtp.messages.find((m) => m.subject === 'Receipt');
    expect(got?.text.trim()).toBe('Attached.');
    expect(got?.files).toHaveLength(1);
    expect(got?.files[0]).toMatchObject({ filename: 'receipt-2026-0001.pdf', contentType: 'application/pdf' });
    expect(got?.files[0]?.content.equals(pdf)).toBe(true);
    expect(got?.attachments).toEqual([
      { filename: 'receipt-2026-0001.pdf', contentType: 'application/pdf', size: pdf.length },
    ]);
  });

  it('the dev mailbox lists a mail’s attachments by name, type and size', async () => {
    const mailer = createMailer({ from: 'x@coppertone.test' });
    await mailer.send({
      to: 'a@coppertone.test',
      subject: 's',
      text: 't',
      attachments: [
        {
          filename: 'r.pdf',
          contentType: 'application/pdf',
          contentBase64: Buffer.from('%PDF-1.3').toString('base64'),
        },
      ],
    });
    expect(mailer.mailbox?.list()[0]?.attachments).toEqual([
      { filename: 'r.pdf', contentType: 'application/pdf', size: 8 },
    ]);
  });

  it('sends a burst over several connections at once, never more than SMTP_CONNECTIONS', async () => {
    const mailer = createMailer({ smtpUrl: smtp.url, from: 'Coppertone <no-reply@coppertone.test>' });
    const before = smtp.messages.length;
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        mailer.send({ to: `p${i}@coppertone.test`, subject: `Burst ${i}`, text: 'x' }),
      ),
    );
    mailer.close?.();
    expect(smtp.messages.length - before).toBe(20);
    expect(smtp.maxSessions).toBeGreaterThan(1);
    expect(smtp.maxSessions).toBeLessThanOrEqual(SMTP_CONNECTIONS);
  });

  it('fails loudly when the server is unreachable (the job then retries)', async () => {
    const mailer = createMailer({ smtpUrl: 'smtp://127.0.0.1:1', from: 'x@coppertone.test' });
    await expect(mailer.send({ to: 'a@coppertone.test', subject: 's', text: 't' })).rejects.toThrow();
  });
});
