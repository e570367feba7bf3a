import type { AppError } from '@coppertone/http';
import { html } from 'hono/html';

/** The page a plain (no-JavaScript) form post gets when it cannot be accepted. */
export function formErrorPage(err: AppError) {
  const fields = Object.values(err.fields ?? {});
  return html`<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Your message was not sent — Coppertone</title>
    <style>
      body { font: 17px/1.6 system-ui, sans-serif; color: #1f2328; max-width: 40rem; margin: 3rem auto; padding: 0 1.25rem; }
      h1 { font-size: 1.6rem; color: #8a4b24; }
      a { color: #8a4b24; font-weight: 600; }
      li { margin: .25rem 0; }
    </style>
  </head>
  <body>
    <main>
      <h1>Your message was not sent</h1>
      <p role="alert">${err.message}</p>
      ${fields.length ? html`<ul>${fields.map((f) => html`<li>${f}</li>`)}</ul>` : ''}
      <p><a href="/contact">Back to the contact form</a> — use your browser's back button to keep what you typed.</p>
    </main>
  </body>
</html>`;
}
