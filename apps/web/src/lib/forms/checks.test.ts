import { describe, expect, it } from 'vitest';
import { collect, emailProblem, nameProblem } from './checks.ts';

describe('emailProblem', () => {
  it('asks for an address, then a plausible one', () => {
    expect(emailProblem('  ')).toMatch(/enter your e-mail/);
    expect(emailProblem('ada')).toMatch(/valid e-mail/);
    expect(emailProblem('ada@example')).toMatch(/valid e-mail/);
    expect(emailProblem('ada@@example.com')).toMatch(/valid e-mail/);
    expect(emailProblem(`${'a'.repeat(250)}@example.com`)).toMatch(/at most 254/);
    expect(emailProblem(' ada.lovelace+test@example.co.uk ')).toBeUndefined();
  });
});

describe('nameProblem', () => {
  it('needs a name of at most 100 characters', () => {
    expect(nameProblem(' ')).toMatch(/enter your name/);
    expect(nameProblem('x'.repeat(101))).toMatch(/at most 100/);
    expect(nameProblem('Zoë Ōkawa')).toBeUndefined();
  });
});

describe('collect', () => {
  it('keeps only the fields with a message', () => {
    expect(collect({ name: undefined, email: 'Please enter your e-mail address.' })).toEqual({
      email: 'Please enter your e-mail address.',
    });
  });
});
