import type { ComponentProps } from 'svelte';
import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import Field from './Field.svelte';

// The forms, their E2E journeys and axe rely on these ids and attributes; here they are checked
// on the HTML the server renders, one variant at a time.
// Without Svelte's hydration markers (HTML comments), which say nothing about the page.
const html = (props: ComponentProps<typeof Field>) => render(Field, { props }).body.replaceAll(/<!--[^>]*-->/g, '');

/** The attributes of the first `<tag …>` in `markup`, as a map (a bare attribute maps to ''). */
function attrs(markup: string, tag: string): Map<string, string> {
  const open = markup.match(new RegExp(`<${tag}\\b([^>]*)>`));
  if (!open) throw new Error(`no <${tag}> in ${markup}`);
  return new Map([...(open[1] ?? '').matchAll(/([\w-]+)(?:="([^"]*)")?/g)].map((m) => [m[1] ?? '', m[2] ?? '']));
}

describe('Field', () => {
  it('ties the label, hint and message to the control and marks it invalid', () => {
    const out = html({
      name: 'email',
      label: 'E-mail',
      type: 'email',
      required: true,
      hint: 'Your work address.',
      error: 'Enter an e-mail address.',
    });
    const input = attrs(out, 'input');
    expect(attrs(out, 'label').get('for')).toBe('field-email');
    expect(input.get('id')).toBe('field-email');
    expect(input.get('name')).toBe('email');
    expect(input.get('type')).toBe('email');
    expect(input.has('required')).toBe(true);
    expect(input.get('aria-invalid')).toBe('true');
    expect(input.get('aria-describedby')).toBe('field-email-hint field-email-error');
    expect(out).toContain('id="field-email-hint"');
    expect(out).toMatch(
      /<p class="error[^"]*" id="field-email-error"[^>]*>[\s\S]*<span>Enter an e-mail address.<\/span>/,
    );
    expect(out).not.toContain('(optional)');
  });

  it('without a message: no error line, not invalid, described by the hint alone', () => {
    const out = html({ name: 'title', label: 'Title', idPrefix: 'task', hint: 'Short.', required: true });
    const input = attrs(out, 'input');
    expect(input.get('id')).toBe('task-title');
    expect(input.has('aria-invalid')).toBe(false);
    expect(input.get('aria-describedby')).toBe('task-title-hint');
    expect(out).not.toContain('task-title-error');
  });

  it('marks a field that is not required as optional', () => {
    const out = html({ name: 'company', label: 'Company' });
    expect(out).toMatch(/<label[^>]*>\s*Company\s*<span class="optional[^"]*">\(optional\)<\/span>/);
    expect(attrs(out, 'input').has('required')).toBe(false);
  });

  it('finishes the label for screen readers only', () => {
    const out = html({ name: 'lines-0-quantity', label: 'Quantity', labelHidden: 'of line 1', required: true });
    expect(out).toMatch(/Quantity\s*<span class="visually-hidden">of line 1<\/span>/);
  });

  it('types a number as text with a decimal keyboard, so the value is the string typed', () => {
    const input = attrs(
      html({ name: 'rate', label: 'Hourly rate', type: 'number', required: true, value: '12.5', placeholder: '0.00' }),
      'input',
    );
    expect(input.get('type')).toBe('text');
    expect(input.get('inputmode')).toBe('decimal');
    expect(input.get('value')).toBe('12.5');
    expect(input.get('placeholder')).toBe('0.00');
  });

  it('a select lists its choices after an empty placeholder that cannot be chosen back', () => {
    const out = html({
      name: 'companyId',
      label: 'Company',
      type: 'select',
      required: true,
      placeholder: 'Choose a company',
      options: [
        { value: 'a', label: 'Acme', title: 'Acme Limited' },
        { value: 'b', label: 'Birch' },
      ],
      value: '',
    });
    expect(attrs(out, 'select').get('id')).toBe('field-companyId');
    const options = [...out.matchAll(/<option\b([^>]*)>([^<]*)<\/option>/g)].map((m) => m[2]);
    expect(options).toEqual(['Choose a company', 'Acme', 'Birch']);
    expect(attrs(out, 'option').has('disabled')).toBe(true);
    expect(out).toContain('title="Acme Limited"');
  });

  it('a multi-line field is a textarea with the rows asked for', () => {
    const textarea = attrs(
      html({ name: 'body', label: 'Reply', type: 'textarea', rows: 7, required: true, maxlength: 5000 }),
      'textarea',
    );
    expect(textarea.get('id')).toBe('field-body');
    expect(textarea.get('rows')).toBe('7');
    expect(textarea.get('maxlength')).toBe('5000');
  });

  it('a password field can be shown, and is not spell-checked', () => {
    const out = html({ name: 'password', label: 'Password', type: 'password', reveal: true, required: true });
    expect(attrs(out, 'input').get('spellcheck')).toBe('false');
    expect(attrs(out, 'button').get('aria-controls')).toBe('field-password');
    expect(attrs(out, 'button').get('aria-pressed')).toBe('false');
  });

  it('scripted (a page without the Svelte runtime): the empty message line is in the page, hidden, in a live region', () => {
    const out = html({ name: 'name', label: 'Name', idPrefix: 'contact', scripted: true, required: true });
    expect(out).toMatch(
      /<div aria-live="polite">\s*<p class="error[^"]*" id="contact-name-error" hidden[^>]*>[\s\S]*<span><\/span>/,
    );
    expect(attrs(out, 'input').has('aria-describedby')).toBe(false);
  });
});
