import { EMAIL_MAX } from '@coppertone/contracts';
import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import { PASSWORD_HINT } from '#lib/auth/password.ts';
import Field from '#lib/components/Field.svelte';
import EmailField from './EmailField.svelte';
import NewPasswordField from './NewPasswordField.svelte';

// The sign-up, sign-in-help and account pages used a Field with these props before; the journeys,
// the browser's autofill and axe rely on its markup, so each field must render it unchanged.
const strip = (body: string) => body.replaceAll(/<!--[^>]*-->/g, '');
// biome-ignore lint/suspicious/noExplicitAny: svelte/server's render takes each component's own props.
const html = (component: any, props: Record<string, unknown>) => strip(render(component, { props }).body);

const email = { required: true, name: 'email', label: 'E-mail', type: 'email', autocomplete: 'email' };

describe('EmailField', () => {
  it('renders the account address field of the auth pages', () => {
    const props = { value: 'ann@example.com', error: 'Enter an e-mail address.' };
    const out = html(EmailField, props);
    expect(out).toBe(html(Field, { ...email, maxlength: EMAIL_MAX, ...props }));
    expect(out).toContain(`maxlength="${EMAIL_MAX}"`);
    expect(out).toContain('autocomplete="email"');
  });

  it('is read-only with a hint where an invitation fixed the address', () => {
    const props = { value: 'ann@example.com', readonly: true, hint: 'The invitation is for this address.' };
    const out = html(EmailField, props);
    expect(out).toBe(html(Field, { ...email, maxlength: EMAIL_MAX, ...props }));
    expect(out).toContain('readonly');
  });
});

describe('NewPasswordField', () => {
  const password = {
    required: true,
    type: 'password',
    autocomplete: 'new-password',
    reveal: true,
    hint: PASSWORD_HINT,
  };

  it('renders the chosen-password field of sign-up and reset', () => {
    const out = html(NewPasswordField, { value: 'abc', label: 'New password', error: 'Too short.' });
    expect(out).toBe(
      html(Field, { ...password, value: 'abc', name: 'password', label: 'New password', error: 'Too short.' }),
    );
    expect(out).toContain('autocomplete="new-password"');
    expect(out).toContain('aria-pressed');
  });

  it('takes another name and label where the form sends it under another key', () => {
    const out = html(NewPasswordField, { value: '', name: 'newPassword', label: 'New password' });
    expect(out).toBe(html(Field, { ...password, value: '', name: 'newPassword', label: 'New password' }));
    expect(out).toContain('id="field-newPassword"');
  });
});
