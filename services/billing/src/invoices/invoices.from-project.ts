import type { SessionUser } from '@coppertone/auth';
import { AppError } from '@coppertone/http';
import type { z } from '@hono/zod-openapi';
import type { BillingDeps } from '../context.ts';
import { findProject, tasksWithHours } from './invoices.repo.ts';
import type { fromProjectInput } from './invoices.schema.ts';
import { createInvoice } from './invoices.service.ts';

/** Days a draft made from hours is due in, unless staff name a date (they can change it before sending). */
const DEFAULT_TERM_DAYS = 30;

const inDays = (days: number): string => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** "1.50" (numeric from Postgres) → "1.5 h"; whole hours without decimals. */
const hoursLabel = (hours: number): string => `${Number(hours.toFixed(2))} h`;

/**
 * A draft invoice from a project's tracked hours: one line per task with hours spent, in the order
 * the tasks were made, each at the same hourly rate. The work tables are read here (same database)
 * rather than through the work function, as billing already reads projects and companies; the
 * draft itself goes through createInvoice, so its totals and limits are the ordinary ones.
 */
export async function invoiceFromProject(
  deps: BillingDeps,
  actor: SessionUser,
  input: z.infer<typeof fromProjectInput>,
): Promise<string> {
  const project = await findProject(deps.db, input.projectId);
  if (!project)
    throw new AppError('validation_failed', 'No such project.', { fields: { projectId: 'No such project' } });
  const tasks = await tasksWithHours(deps.db, project.id);
  if (tasks.length === 0) {
    throw new AppError('conflict', `${project.name} has no tracked hours to invoice.`, {
      details: { reason: 'no_hours' },
    });
  }
  return createInvoice(deps, actor, {
    companyId: project.company_id,
    projectId: project.id,
    currency: input.currency,
    taxRate: input.taxRate,
    dueOn: input.dueOn ?? inDays(DEFAULT_TERM_DAYS),
    notes: input.notes || `Hours tracked on ${project.name}.`,
    lines: tasks.map((t) => {
      const hours = Number(t.hours_spent);
      return { description: `${t.title} — ${hoursLabel(hours)}`, quantity: hours, unitPrice: input.rateMinor };
    }),
  });
}
