import type { OutgoingMail } from '@coppertone/mail';

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] ?? ch);

function mail(to: string, subject: string, lines: string[], link?: { url: string; label: string }): OutgoingMail {
  const text = [...lines, ...(link ? ['', `${link.label}: ${link.url}`] : []), '', '— Coppertone'].join('\n');
  const html = [
    ...lines.map((l) => `<p>${esc(l)}</p>`),
    link ? `<p><a href="${esc(link.url)}">${esc(link.label)}</a></p><p style="color:#57606a">${esc(link.url)}</p>` : '',
    '<p>— Coppertone</p>',
  ].join('\n');
  return { to, subject, text, html };
}

export const confirmMail = (to: string, name: string, url: string) =>
  mail(
    to,
    'Confirm your e-mail address',
    [
      `Hello ${name},`,
      'Please confirm your e-mail address to finish creating your Coppertone account.',
      'The link works once and expires in 24 hours.',
    ],
    { url, label: 'Confirm my e-mail address' },
  );

export const alreadyRegisteredMail = (to: string, name: string, signInUrl: string, resetUrl: string) =>
  mail(to, 'Someone tried to register with your e-mail address', [
    `Hello ${name},`,
    'Someone (perhaps you) tried to create a Coppertone account with this e-mail address, which already has one.',
    `If it was you, sign in at ${signInUrl} — or reset your password at ${resetUrl}.`,
    'If it was not you, you can ignore this e-mail: nothing has changed.',
  ]);

export const resetMail = (to: string, name: string, url: string) =>
  mail(
    to,
    'Reset your password',
    [
      `Hello ${name},`,
      'We received a request to reset your Coppertone password.',
      'The link works once and expires in 1 hour. If you did not ask, ignore this e-mail.',
    ],
    { url, label: 'Choose a new password' },
  );

export const inviteMail = (to: string, inviter: string, what: string, url: string) =>
  mail(
    to,
    `${inviter} invited you to Coppertone`,
    [`Hello,`, `${inviter} invited you to ${what}.`, 'The invitation expires in 7 days.'],
    {
      url,
      label: 'Accept the invitation',
    },
  );

export const linkedMail = (to: string, name: string, by: string, company: string, url: string) =>
  mail(
    to,
    `You can now see ${company} on Coppertone`,
    [
      `Hello ${name},`,
      `${by} linked your Coppertone account to ${company}.`,
      `You can now follow ${company}'s projects and invoices in your portal.`,
    ],
    { url, label: 'Open your portal' },
  );
