import type { SessionUser } from '@coppertone/auth';
import type { BillingDeps } from './context.ts';
import { companyInvoices } from './invoices/invoices.repo.ts';
import { createInvoiceInput } from './invoices/invoices.schema.ts';
import { createInvoice, sendInvoice } from './invoices/invoices.service.ts';
import { refreshAttempt, startCheckout } from './payments/checkout.ts';
import { attemptProviderRef } from './payments/payments.repo.ts';

const RATE = 95_00; // USD cents an hour
const day = (fromToday: number) => new Date(Date.now() + fromToday * 86_400_000).toISOString().slice(0, 10);

export interface DemoInvoicesOptions {
  /**
   * Pays a Stripe checkout (by its provider ref) at the test-mode stand-in. Without it the invoice
   * meant to be paid stays sent: nothing is ever paid at a real provider.
   */
  payByCard?: (ref: string) => Promise<unknown>;
}

/**
 * Invoices for the demo company, through the services the API uses (numbering, totals, the client's
 * mail): the finished project's invoice, paid by card through the real checkout and settlement code;
 * the relaunch's first milestone, sent and unpaid for the client to try paying; and a draft for the
 * retainer, which the client does not see. Returns the invoices as staff list them, oldest first.
 */
export async function seedDemoInvoices(
  deps: BillingDeps,
  people: { companyId: string; staff: SessionUser; client: SessionUser },
  projects: { relaunch: string; retainer: string; brand: string },
  opts: DemoInvoicesOptions = {},
) {
  const invoice = (projectId: string, dueIn: number, lines: Array<[string, number, number]>) =>
    createInvoice(
      deps,
      people.staff,
      createInvoiceInput.parse({
        companyId: people.companyId,
        projectId,
        currency: 'USD',
        taxRate: 20,
        dueOn: day(dueIn),
        lines: lines.map(([description, quantity, unitPrice]) => ({ description, quantity, unitPrice })),
      }),
    );

  const paid = await invoice(projects.brand, 14, [
    ['Logo refresh (hours)', 16, RATE],
    ['Colour palette and typography (hours)', 10, RATE],
  ]);
  // Paid at once below: its client is not asked to pay it (no "Invoice … from Coppertone" mail).
  await sendInvoice(opts.payByCard ? { ...deps, jobs: { send: async () => null } } : deps, paid);
  if (opts.payByCard) {
    const { attemptId } = await startCheckout(deps, people.client, paid, 'stripe');
    const { provider_ref } = await attemptProviderRef(deps.db, attemptId);
    await opts.payByCard(provider_ref as string);
    // Seeding's own payment: nobody paid anything, so no receipt and no staff notice.
    await refreshAttempt({ ...deps, sendReceipts: false }, attemptId, 'return');
  }

  const due = await invoice(projects.relaunch, 14, [
    ['Discovery and content inventory (hours)', 6, RATE],
    ['Homepage and service page designs (hours)', 14, RATE],
  ]);
  await sendInvoice(deps, due);

  await invoice(projects.retainer, 30, [['Support retainer (hours)', 3.5, 85_00]]);

  return companyInvoices(deps.db, people.companyId);
}
