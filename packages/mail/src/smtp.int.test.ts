import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeSmtp } from '../../../e2e/fakes/smtp.ts';
import { createMailer } from './mailer.ts';

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
  });

  it('fails loudly when the server is unreachable (the job then retries)', async () => {
    const mailer = createMailer({ smtpUrl: 'smtp://127.0.0.1:1', from: 'x@coppertone.test' });
    await expect(mailer.send({ to: 'a@coppertone.test', subject: 's', text: 't' })).rejects.toThrow();
  });
});
