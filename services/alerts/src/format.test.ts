import { describe, expect, it } from 'vitest';
import { escapeHtml, formatNotification, runbookLink } from './format.ts';
import { transactionId } from './matrix.ts';
import { buildWebhook } from './testing.ts';

describe('formatNotification', () => {
  it('says what fires, where, since when, and links the runbook under the base URL', () => {
    const msg = formatNotification(buildWebhook(), {
      runbookBaseUrl: 'https://gitea.example.com/coppertone/platform/src/branch/main/',
    });
    expect(msg.title).toBe('🔥 FIRING critical [1] TargetDown (env=production)');
    expect(msg.text).toContain('• billing (billing:8080) cannot be scraped [job=billing, instance=billing:8080]');
    expect(msg.text).toContain('Prometheus has not been able to scrape billing:8080 for 5 minutes.');
    expect(msg.text).toContain('since 2026-12-06 08:00 UTC');
    expect(msg.text).toContain(
      'runbook: https://gitea.example.com/coppertone/platform/src/branch/main/docs/runbooks/TargetDown.md',
    );
    expect(msg.html).toContain('<h4>🔥 FIRING critical [1] TargetDown (env=production)</h4>');
    expect(msg.html).toContain(
      '<a href="https://gitea.example.com/coppertone/platform/src/branch/main/docs/runbooks/TargetDown.md">runbook</a>',
    );
  });

  it('lists firing alerts before resolved ones of the same group, with when each ended', () => {
    const base = buildWebhook();
    const first = base.alerts[0];
    if (!first) throw new Error('fixture has an alert');
    const msg = formatNotification({
      ...base,
      alerts: [
        { ...first, status: 'resolved', endsAt: '2026-12-06T08:20:00Z', labels: { ...first.labels, job: 'work' } },
        first,
      ],
    });
    expect(msg.text.indexOf('🔥 FIRING')).toBeLessThan(msg.text.indexOf('✅ RESOLVED'));
    expect(msg.text).toContain('✅ RESOLVED critical [1] TargetDown');
    expect(msg.text).toContain('resolved 2026-12-06 08:20 UTC');
    expect(msg.text).not.toMatch(/job=billing[^\n]*resolved/);
  });

  it('escapes HTML from labels and annotations (an alert text cannot inject markup into the room)', () => {
    const base = buildWebhook();
    const first = base.alerts[0];
    if (!first) throw new Error('fixture has an alert');
    const msg = formatNotification({
      ...base,
      alerts: [{ ...first, annotations: { summary: '<img src=x onerror=alert(1)>', description: 'a & b' } }],
    });
    expect(msg.html).not.toContain('<img');
    expect(msg.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(msg.html).toContain('a &amp; b');
    expect(escapeHtml(`"'`)).toBe('&quot;&#39;');
  });

  it('says how many alerts Alertmanager left out', () => {
    expect(formatNotification(buildWebhook({ truncatedAlerts: 3 })).text).toContain('and 3 more alert(s) not shown');
  });
});

describe('runbookLink', () => {
  it('keeps absolute URLs and a bare path without a base', () => {
    expect(runbookLink('https://wiki.example.com/x', 'https://base/')).toBe('https://wiki.example.com/x');
    expect(runbookLink('docs/runbooks/X.md', undefined)).toBe('docs/runbooks/X.md');
    expect(runbookLink('docs/runbooks/X.md', 'https://base/repo//')).toBe('https://base/repo/docs/runbooks/X.md');
    expect(runbookLink(undefined, 'https://base')).toBeUndefined();
  });
});

describe('transactionId', () => {
  it('is the same for a retried notification and differs once it resolves', () => {
    const hook = buildWebhook();
    expect(transactionId(hook)).toBe(transactionId(structuredClone(hook)));
    const first = hook.alerts[0];
    if (!first) throw new Error('fixture has an alert');
    const resolved = {
      ...hook,
      status: 'resolved' as const,
      alerts: [{ ...first, status: 'resolved' as const, endsAt: '2026-12-06T08:20:00Z' }],
    };
    expect(transactionId(resolved)).not.toBe(transactionId(hook));
  });
});
