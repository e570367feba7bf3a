import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { findMalformed, findSecrets } from './log-capture.ts';
import { createLogger, safeUrl } from './logger.ts';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, cb) {
      lines.push(String(chunk));
      cb();
    },
  });
  return { lines, logger: createLogger({ name: 'contact', destination }) };
}

describe('createLogger', () => {
  it('writes one JSON object per line with the service name', () => {
    const { lines, logger } = capture();
    logger.info({ requestId: 'r1' }, 'hello');
    const rec = JSON.parse(lines[0] ?? '{}');
    expect(rec).toMatchObject({
      service: 'contact',
      requestId: 'r1',
      msg: 'hello',
      level: 30,
    });
    expect(typeof rec.time).toBe('string');
  });

  it('redacts passwords, cookies and authorization headers', () => {
    const { lines, logger } = capture();
    logger.info({
      user: { password: 'hunter2hunter2' },
      headers: { cookie: 'sid=abc', authorization: 'Bearer x' },
    });
    const rec = JSON.parse(lines[0] ?? '{}');
    expect(rec.user.password).toBe('[redacted]');
    expect(rec.headers.cookie).toBe('[redacted]');
    expect(rec.headers.authorization).toBe('[redacted]');
    expect(lines[0]).not.toContain('hunter2');
  });

  it('logs an error without the parameters of the statement that failed, in its causes too', () => {
    const { lines, logger } = capture();
    const dbError = Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), {
      code: '22021',
      query: 'insert into users (name, password_hash) values ($1, $2)',
      params: ['Ada\u0000', '$argon2id$v=19$m=19456,t=2,p=1$salt$hash'],
      queryOptions: { rowMode: 'object' },
    });
    logger.error({ err: new Error('registration failed', { cause: dbError }) }, 'unhandled error');
    logger.error({ error: dbError }, 'as error');
    const text = lines.join('');
    expect(text).not.toContain('$argon2');
    expect(text).toContain('22021');
    expect(text).toContain('insert into users');
    expect(JSON.parse(lines[1] ?? '{}').error.params).toBe('[redacted]');
  });

  it('finds secrets in log lines: hashes, cookies, tokens, unredacted secret fields', () => {
    const token = `${'A'.repeat(20)}${'_b-'.repeat(7)}12`;
    expect(token).toHaveLength(43);
    const lines = [
      JSON.stringify({ msg: 'ok', requestId: '2f1e0b6c-4f4e-4a57-9b0e-0d6b1f9a7c11', password: '[redacted]' }),
      JSON.stringify({ msg: 'x', user: { password_hash: '$argon2id$abc' } }),
      JSON.stringify({ msg: 'x', header: 'cp_session=abc' }),
      JSON.stringify({ msg: `reset link ?token=${token}` }),
      JSON.stringify({ msg: 'x', body: { newPassword: 'saffron-kettle-31' } }),
    ].join('\n');
    expect(findSecrets(lines).map((l) => [l.line, l.what])).toEqual([
      [2, 'a password hash'],
      [3, 'the session cookie'],
      [4, 'a 256-bit token'],
      [5, 'a value of "newPassword"'],
    ]);
    expect(
      findSecrets(lines)
        .map((l) => l.excerpt)
        .join(''),
    ).not.toContain(token);
  });

  it("finds lines Loki's queries cannot read: not JSON, or without level, time, msg, service (or a request's id)", () => {
    const { lines, logger } = capture();
    logger.child({ requestId: 'r1', route: '/messages' }).info('contact message stored');
    logger.info({ sent: 1 }, 'staff e-mailed');
    const text = [
      ...lines.map((l) => l.trim()),
      'Coppertone is running',
      JSON.stringify({ level: 30, time: 't', service: 'work' }),
      JSON.stringify({ level: 30, time: 't', msg: 'x', service: 'work', route: '/tasks' }),
    ].join('\n');
    expect(findMalformed(text).map((l) => [l.line, l.what])).toEqual([
      [3, 'not JSON'],
      [4, 'without msg'],
      [5, 'without requestId'],
    ]);
  });

  it('hides the password of a connection URL', () => {
    expect(safeUrl('postgres://app:s3cret@db:5432/app')).toBe('postgres://app:***@db:5432/app');
  });
});
