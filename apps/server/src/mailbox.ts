import type { DevMailbox } from '@coppertone/mail';
import { Hono } from 'hono';
import { html } from 'hono/html';

/** Demo mode only: the mail the platform "sent", as JSON (for tests) and as a page (for people). */
export function mailboxRoutes(mailbox: DevMailbox): Hono {
  const app = new Hono();
  app.get('/mailbox.json', (c) => {
    c.header('cache-control', 'no-store');
    return c.json(mailbox.list());
  });
  app.get('/mailbox', (c) => {
    const mails = mailbox.list().reverse();
    // The page's one inline style sheet; nothing else loads or runs.
    c.header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'");
    return c.html(html`<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Dev mailbox — Coppertone (demo mode)</title>
    <style>
      body { font: 16px/1.5 system-ui, sans-serif; margin: 0; color: #1f2328; background: #f6f3ef; }
      header { background: #8a4b24; color: #fff; padding: 1rem 1.25rem; }
      main { max-width: 52rem; margin: 0 auto; padding: 1rem 1.25rem; }
      article { background: #fff; border-radius: 8px; padding: 1rem 1.25rem; margin: 1rem 0; box-shadow: 0 1px 3px #0002; }
      pre { white-space: pre-wrap; word-break: break-word; font: inherit; }
      .meta { color: #57606a; font-size: .9rem; }
    </style>
  </head>
  <body>
    <header><strong>Dev mailbox</strong> — demo mode: nothing here left this machine.</header>
    <main>
      <p>${mails.length} message(s), newest first. Machine-readable: <a href="/dev/mailbox.json">/dev/mailbox.json</a>.</p>
      ${mails.map(
        (m) => html`<article>
          <h2>${m.subject}</h2>
          <p class="meta">To ${m.to} · ${m.sentAt}</p>
          <pre>${m.text}</pre>
        </article>`,
      )}
    </main>
  </body>
</html>`);
  });
  return app;
}
