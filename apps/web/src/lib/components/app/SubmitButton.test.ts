import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import SubmitButton from './SubmitButton.svelte';

// Without Svelte's hydration markers (HTML comments), which say nothing about the page.
const html = (props: { pending: boolean; label: string; busy: string; ghost?: boolean }) =>
  render(SubmitButton, { props }).body.replaceAll(/<!--[^>]*-->/g, '');

describe('SubmitButton', () => {
  it('says what it does and can be pressed while the form is idle', () => {
    expect(html({ pending: false, label: 'Save name', busy: 'Saving…' })).toBe(
      '<button class="button" type="submit">Save name</button>',
    );
  });

  it('says what is happening and cannot be pressed again while the form is sent', () => {
    expect(html({ pending: true, label: 'Save name', busy: 'Saving…' })).toBe(
      '<button class="button" type="submit" disabled="">Saving…</button>',
    );
  });

  it('is the quieter ghost button where the page asks for it', () => {
    expect(html({ pending: false, label: 'Send the link again', busy: 'Sending…', ghost: true })).toBe(
      '<button class="button button--ghost" type="submit">Send the link again</button>',
    );
  });
});
