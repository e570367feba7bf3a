import type { Webhook } from './webhook.schema.ts';

/** An Alertmanager webhook body as 0.25 sends it, with the given alerts (for tests). */
export function buildWebhook(overrides: Partial<Webhook> = {}): Webhook {
  return {
    version: '4',
    groupKey: '{}/{severity=~"critical|warning"}:{alertname="TargetDown", env="production"}',
    truncatedAlerts: 0,
    status: 'firing',
    receiver: 'matrix',
    groupLabels: { alertname: 'TargetDown', env: 'production' },
    commonLabels: { alertname: 'TargetDown', env: 'production', severity: 'critical' },
    commonAnnotations: {},
    externalURL: 'http://alertmanager:9093',
    alerts: [
      {
        status: 'firing',
        labels: {
          alertname: 'TargetDown',
          env: 'production',
          severity: 'critical',
          job: 'billing',
          instance: 'billing:8080',
        },
        annotations: {
          summary: 'billing (billing:8080) cannot be scraped',
          description: 'Prometheus has not been able to scrape billing:8080 for 5 minutes.',
          runbook_url: 'docs/runbooks/TargetDown.md',
        },
        startsAt: '2026-12-06T08:00:00.000Z',
        endsAt: '0001-01-01T00:00:00Z',
        generatorURL: 'http://prometheus:9090/graph',
        fingerprint: 'a1b2c3',
      },
    ],
    ...overrides,
  };
}
