import { authenticateFor, definePolicy, EVERYONE, type SessionUser, STAFF } from '@coppertone/auth';
import { PAYABLE_STATUSES, type Viewer } from './invoices/invoices.repo.ts';

/**
 * Who may do what in billing: one table, read by every handler through `authorize`. Clients see
 * only their company's invoices, never drafts; that scoping is applied by the queries (`viewerOf`),
 * the table decides the verbs. Webhooks are not here: they prove themselves by signature.
 */
export const billingPolicy = definePolicy({
  'invoice.list': EVERYONE,
  'invoice.read': EVERYONE,
  'invoice.create': STAFF,
  'invoice.send': STAFF,
  'invoice.void': STAFF,
  // Staff may open a checkout for a client (taking a card on the phone); the amount is always what is due.
  'invoice.pay': EVERYONE,
  'invoice.refund': STAFF,
  'payment.list': STAFF,
  'webhooks.health': STAFF,
  'webhooks.reconcile': STAFF,
});

export type BillingAction = keyof typeof billingPolicy.table;

/** A route's `authenticate` for an action decided by role alone: 401, then 403, before any 400. */
export const signedIn = (action: BillingAction) => authenticateFor(billingPolicy, action);

/** What a viewer may see: every invoice (staff) or one company's issued ones (client). */
export const viewerOf = (actor: SessionUser): Viewer =>
  actor.role === 'client' ? { kind: 'company', companyId: actor.companyId } : { kind: 'all' };

interface InvoiceState {
  status: string;
  amountPaid: number;
  amountDue: number;
}

/**
 * What an invoice's state allows, whoever asks: the same conditions under which the services
 * answer 409 (a sent invoice is not sent again, one with payments is refunded before it is voided).
 */
const stateAllows = {
  send: (i: InvoiceState) => i.status === 'draft',
  void: (i: InvoiceState) => i.status !== 'void' && i.amountPaid === 0,
  pay: (i: InvoiceState) => (PAYABLE_STATUSES as readonly string[]).includes(i.status) && i.amountDue > 0,
  refund: (i: InvoiceState) => i.amountPaid > 0,
};

/** What a page may offer on an invoice: each flag is an action the server would accept from this caller now. */
export function invoiceCan(actor: SessionUser, invoice: InvoiceState) {
  const verbs = billingPolicy.flags(actor, {
    send: 'invoice.send',
    void: 'invoice.void',
    pay: 'invoice.pay',
    refund: 'invoice.refund',
  });
  return {
    send: verbs.send && stateAllows.send(invoice),
    void: verbs.void && stateAllows.void(invoice),
    pay: verbs.pay && stateAllows.pay(invoice),
    refund: verbs.refund && stateAllows.refund(invoice),
  };
}

/** An invoice as the actor receives it: with the actions a page may offer them. */
export const presentInvoice = <T extends InvoiceState>(actor: SessionUser, invoice: T) => ({
  ...invoice,
  can: invoiceCan(actor, invoice),
});
