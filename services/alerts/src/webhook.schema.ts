import { z } from 'zod';

// Alertmanager's webhook body (version 4, the only one it sends since 0.4): what we read of it.
// Anything else in the body is ignored; a body without these fields is refused with 400 (not
// retried: Alertmanager retries only 5xx and network errors).

const labels = z.record(z.string(), z.string());

export const webhookAlertSchema = z.object({
  status: z.enum(['firing', 'resolved']),
  labels: labels.refine((l) => typeof l.alertname === 'string' && l.alertname !== '', {
    message: 'every alert needs an alertname label',
  }),
  annotations: labels.default({}),
  startsAt: z.string(),
  endsAt: z.string().optional(),
  generatorURL: z.string().optional(),
  fingerprint: z.string().optional(),
});

export const webhookSchema = z.object({
  version: z.literal('4'),
  groupKey: z.string(),
  truncatedAlerts: z.number().int().nonnegative().default(0),
  status: z.enum(['firing', 'resolved']),
  receiver: z.string(),
  groupLabels: labels,
  commonLabels: labels,
  commonAnnotations: labels.default({}),
  externalURL: z.string().default(''),
  alerts: z.array(webhookAlertSchema).min(1).max(1000),
});

export type WebhookAlert = z.infer<typeof webhookAlertSchema>;
export type Webhook = z.infer<typeof webhookSchema>;
