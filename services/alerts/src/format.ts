import type { Webhook, WebhookAlert } from './webhook.schema.ts';

/** A message in both forms Matrix (m.text with org.matrix.custom.html) and e-mail need. */
export interface FormattedMessage {
  /** One line: the e-mail subject, and the start of the room message. */
  title: string;
  text: string;
  html: string;
}

export interface FormatOptions {
  /** Turns a runbook_url that is a repository path (docs/runbooks/X.md) into a link. */
  runbookBaseUrl?: string | undefined;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/** A runbook link: absolute URLs as they are, repository paths under the base URL when one is set. */
export function runbookLink(url: string | undefined, base: string | undefined): string | undefined {
  if (!url) return undefined;
  if (/^https?:\/\//i.test(url) || !base) return url;
  return `${base.replace(/\/+$/, '')}/${url.replace(/^\/+/, '')}`;
}

function time(iso: string | undefined): string | undefined {
  if (!iso || iso.startsWith('0001-')) return undefined; // Alertmanager's zero time: not ended
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? undefined : `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

// Labels that every alert of the group shares are in the title; each alert shows only the rest,
// without the ones already said by the title or the text.
const SHOWN_ELSEWHERE = new Set(['alertname', 'severity']);

function extraLabels(alert: WebhookAlert, common: Record<string, string>): string {
  return Object.entries(alert.labels)
    .filter(([k]) => !SHOWN_ELSEWHERE.has(k) && common[k] === undefined)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
}

function groupTitle(hook: Webhook, status: 'firing' | 'resolved', count: number): string {
  const name = hook.groupLabels.alertname ?? hook.commonLabels.alertname ?? 'alerts';
  const scope = Object.entries(hook.groupLabels)
    .filter(([k]) => k !== 'alertname')
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
  const severity = hook.commonLabels.severity ? ` ${hook.commonLabels.severity}` : '';
  const mark = status === 'firing' ? '🔥 FIRING' : '✅ RESOLVED';
  return `${mark}${severity} [${count}] ${name}${scope ? ` (${scope})` : ''}`;
}

/**
 * One readable message per notification: the firing alerts first, then the resolved ones, each
 * with its summary, description, the labels that tell it apart, since/until and its runbook.
 */
export function formatNotification(hook: Webhook, opts: FormatOptions = {}): FormattedMessage {
  const sections: { title: string; alerts: WebhookAlert[] }[] = [];
  const firing = hook.alerts.filter((a) => a.status === 'firing');
  const resolved = hook.alerts.filter((a) => a.status === 'resolved');
  if (firing.length > 0) sections.push({ title: groupTitle(hook, 'firing', firing.length), alerts: firing });
  if (resolved.length > 0) sections.push({ title: groupTitle(hook, 'resolved', resolved.length), alerts: resolved });

  const text: string[] = [];
  const html: string[] = [];
  for (const section of sections) {
    text.push(section.title);
    html.push(`<h4>${escapeHtml(section.title)}</h4>`, '<ul>');
    for (const alert of section.alerts) {
      const summary = alert.annotations.summary ?? alert.labels.alertname ?? 'alert';
      const description = alert.annotations.description;
      const labels = extraLabels(alert, hook.commonLabels);
      const since = time(alert.startsAt);
      const until = alert.status === 'resolved' ? time(alert.endsAt) : undefined;
      const when = [since && `since ${since}`, until && `resolved ${until}`].filter(Boolean).join(', ');
      const runbook = runbookLink(alert.annotations.runbook_url, opts.runbookBaseUrl);

      text.push(`• ${summary}${labels ? ` [${labels}]` : ''}`);
      if (description) text.push(`  ${description}`);
      const meta = [when, runbook && `runbook: ${runbook}`].filter(Boolean).join(' · ');
      if (meta) text.push(`  ${meta}`);

      const parts = [`<b>${escapeHtml(summary)}</b>`];
      if (labels) parts.push(` <code>${escapeHtml(labels)}</code>`);
      if (description) parts.push(`<br>${escapeHtml(description)}`);
      const htmlMeta = [when && escapeHtml(when), runbook && `<a href="${escapeHtml(runbook)}">runbook</a>`].filter(
        Boolean,
      );
      if (htmlMeta.length > 0) parts.push(`<br><i>${htmlMeta.join(' · ')}</i>`);
      html.push(`<li>${parts.join('')}</li>`);
    }
    html.push('</ul>');
  }
  if (hook.truncatedAlerts > 0) {
    const more = `… and ${hook.truncatedAlerts} more alert(s) not shown`;
    text.push(more);
    html.push(`<p>${escapeHtml(more)}</p>`);
  }
  const first = sections[0]?.title ?? groupTitle(hook, hook.status, hook.alerts.length);
  return { title: first, text: text.join('\n'), html: html.join('') };
}
