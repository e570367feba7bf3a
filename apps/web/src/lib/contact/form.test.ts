import { CONTACT_HONEYPOT } from '@coppertone/contracts';
import { describe, expect, it } from 'vitest';
import { payloadFrom, problemFrom } from './form.ts';

const errorReply = (status: number, error: Record<string, unknown>) =>
  new Response(JSON.stringify({ error }), { status, headers: { 'content-type': 'application/json' } });

describe('payloadFrom', () => {
  it('sends every contact field trimmed, plus the honeypot', () => {
    const data = new FormData();
    data.set('name', '  Ada ');
    data.set('email', 'ada@example.com');
    data.set('message', ' Hello ');
    data.set(CONTACT_HONEYPOT, '');
    expect(payloadFrom(data)).toEqual({
      name: 'Ada',
      email: 'ada@example.com',
      company: '',
      message: 'Hello',
      [CONTACT_HONEYPOT]: '',
    });
  });
});

describe('problemFrom', () => {
  it('puts validation messages beside known fields, with no reference to quote', async () => {
    const problem = await problemFrom(
      errorReply(400, {
        code: 'validation_failed',
        message: 'Invalid input',
        requestId: 'req-1',
        fields: { email: 'E-mail must be a valid address', other: 'Something else is wrong' },
      }),
    );
    expect(problem.fields).toEqual({ email: 'E-mail must be a valid address' });
    expect(problem.message).toContain('highlighted fields');
    expect(problem.message).toContain('Something else is wrong');
    expect(problem.reference).toBeUndefined();
  });

  it('explains rate limiting and oversized messages in plain words', async () => {
    const limited = await problemFrom(errorReply(429, { code: 'rate_limited', message: 'Too many', requestId: 'r' }));
    expect(limited.message).toMatch(/wait a few minutes/);
    expect(limited.reference).toBeUndefined();
    const large = await problemFrom(errorReply(413, { code: 'payload_too_large', message: 'Too big', requestId: 'r' }));
    expect(large.message).toMatch(/too long/);
  });

  it('falls back to a generic message for server errors and non-JSON replies', async () => {
    const crash = await problemFrom(errorReply(500, { code: 'internal', message: 'boom', requestId: 'r' }));
    expect(crash.message).toMatch(/something went wrong on our side/);
    expect(crash.reference).toBe('r'); // to quote when asking for help
    const proxy = await problemFrom(new Response('<h1>Bad gateway</h1>', { status: 502 }));
    expect(proxy).toMatchObject({ fields: {}, reference: undefined });
    expect(proxy.message).toMatch(/something went wrong on our side/);
  });

  it("shows the server's own message for other client errors", async () => {
    const problem = await problemFrom(
      errorReply(415, { code: 'unsupported_media_type', message: 'Send JSON or a form post.', requestId: 'r' }),
    );
    expect(problem.message).toBe('Send JSON or a form post.');
  });
});
