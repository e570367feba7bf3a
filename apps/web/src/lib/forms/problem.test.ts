import { describe, expect, it } from 'vitest';
import { ApiError } from '#lib/api/client.ts';
import { NETWORK_MESSAGE, problemFrom, retryIn, SERVER_MESSAGE, sentence } from './problem.ts';

const apiError = (init: Partial<ConstructorParameters<typeof ApiError>[0]> & { status: number }) =>
  new ApiError({ code: 'validation_failed', message: 'Invalid input', requestId: 'req-1', ...init });

describe('problemFrom', () => {
  it('puts field messages beside known fields and the rest in the alert, with no reference to quote', () => {
    const problem = problemFrom(
      apiError({ status: 400, fields: { email: 'E-mail must be a valid address', token: 'invalid or expired' } }),
      ['name', 'email'] as const,
    );
    expect(problem.fields).toEqual({ email: 'E-mail must be a valid address.' });
    expect(problem.alert).toEqual({ message: 'Please correct the highlighted field. Invalid or expired.' });
  });

  it('says when to try again after a 429', () => {
    const problem = problemFrom(
      apiError({ status: 429, code: 'rate_limited', message: 'Too many', retryAfterSeconds: 600 }),
      [],
    );
    expect(problem.alert).toEqual({ message: 'Too many attempts. Please try again in 10 minutes.' });
  });

  it('gives a reference only for a failure on our side (5xx), never for a wrong password or a bad field', () => {
    const wrongPassword = apiError({ status: 401, code: 'unauthenticated', message: 'Wrong e-mail or password' });
    expect(problemFrom(wrongPassword, ['email', 'password'], () => 'Wrong e-mail or password.').alert).toEqual({
      message: 'Wrong e-mail or password.',
    });
    for (const status of [400, 401, 403, 404, 409, 413, 415, 429]) {
      expect(problemFrom(apiError({ status, code: 'conflict' }), []).alert?.reference, String(status)).toBeUndefined();
    }
    for (const status of [500, 502, 503]) {
      expect(problemFrom(apiError({ status, code: 'internal' }), []).alert?.reference, String(status)).toBe('req-1');
    }
  });

  it('explains network and server failures in plain words', () => {
    expect(problemFrom(apiError({ status: 0, code: 'network' }), []).alert?.message).toBe(NETWORK_MESSAGE);
    expect(problemFrom(apiError({ status: 500, code: 'internal', message: 'boom' }), []).alert).toEqual({
      message: SERVER_MESSAGE,
      reference: 'req-1',
    });
    expect(problemFrom(new Error('bug'), []).alert?.message).toBe(SERVER_MESSAGE);
  });

  it("shows the server's own message otherwise, and lets a page answer first", () => {
    const conflict = apiError({ status: 409, code: 'conflict', message: 'An account with this e-mail already exists' });
    expect(problemFrom(conflict, []).alert?.message).toBe('An account with this e-mail already exists.');
    expect(problemFrom(conflict, [], (e) => (e.status === 409 ? 'Sign in instead.' : undefined)).alert).toEqual({
      message: 'Sign in instead.',
    });
    const passed = problemFrom(conflict, [], () => undefined);
    expect(passed.alert?.message).toBe('An account with this e-mail already exists.');
  });
});

describe('retryIn', () => {
  it('rounds up to words people read at a glance', () => {
    expect(retryIn(undefined)).toBe('in a few minutes');
    expect(retryIn(1)).toBe('now');
    expect(retryIn(42)).toBe('in 42 seconds');
    expect(retryIn(61)).toBe('in 2 minutes');
    expect(retryIn(60)).toBe('in a minute');
    expect(retryIn(3500)).toBe('in 59 minutes');
    expect(retryIn(3600)).toBe('in about an hour');
    expect(retryIn(3 * 3600)).toBe('in about 3 hours');
  });
});

describe('sentence', () => {
  it('capitalises and ends with a full stop', () => {
    expect(sentence('wrong password')).toBe('Wrong password.');
    expect(sentence('Done!')).toBe('Done!');
    expect(sentence('  ')).toBe('');
  });
});
