import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
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

  it('hides the password of a connection URL', () => {
    expect(safeUrl('postgres://app:s3cret@db:5432/app')).toBe('postgres://app:***@db:5432/app');
  });
});
