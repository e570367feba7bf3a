/**
 * The billing function (`/api/billing`): invoices, checkouts, payments, webhook health.
 * What each call sends is typed by billing's OpenAPI document (./generated/billing.ts). Most of its
 * answers are not described there yet (an invoice's tax, lines, payments, attempts and refunds, the
 * payment list, webhook health), so the answer types marked "not in the document" are still written
 * here; each becomes an alias of a generated schema once its route declares it.
 */
import { apiClient, type Fetch, filled, undescribed, via } from './client.ts';
import type { components, paths } from './generated/billing.ts';

type Schemas = components['schemas'];

const api = apiClient<paths>('/api/billing');

export type Provider = Schemas['CheckoutInput']['provider'];
export type NewInvoice = Schemas['CreateInvoiceInput'];
export type InvoiceListQuery = NonNullable<paths['/invoices']['get']['parameters']['query']>;
/**
 * What the invoice list filters on: a status, `open` (sent or partially paid: waiting for payment),
 * or `overdue` (open and past its due date).
 */
export type InvoiceStatusFilter = NonNullable<InvoiceListQuery['status']>;
export type InvoiceStatus = Exclude<InvoiceStatusFilter, 'open' | 'overdue'>;

export const INVOICE_STATUSES: readonly InvoiceStatus[] = [
  'draft',
  'sent',
  'partially_paid',
  'paid',
  'overpaid',
  'void',
];
export const INVOICE_STATUS_FILTERS: readonly InvoiceStatusFilter[] = ['open', 'overdue', ...INVOICE_STATUSES];

export type AttemptStatus = 'open' | 'processing' | 'paid' | 'partial' | 'overpaid' | 'failed' | 'expired' | 'mismatch';

/** An invoice as listed (not in the document: it names only some of these fields, and `status` as text). */
export interface Invoice extends Omit<Schemas['Invoice'], 'status'> {
  projectId: string | null;
  status: InvoiceStatus;
  taxRate: number;
  subtotal: number;
  tax: number;
  notes: string;
  issuedAt: string | null;
  createdAt: string;
}

/** Not in the document. */
export interface InvoiceLine {
  description: string;
  quantity: number;
  unitPrice: number;
  amount: number;
}

/** Not in the document. */
export interface Payment {
  id: string;
  provider: Provider;
  amount: number;
  currency: string;
  kind: 'full' | 'partial' | 'over' | 'late';
  source: string;
  recordedAt: string;
}

/** Not in the document. */
export interface Attempt {
  id: string;
  provider: Provider;
  status: AttemptStatus;
  amount: number;
  createdAt: string;
}

/** Money given back from one payment (`pending` until the provider confirms; it counts meanwhile). Not in the document. */
export interface Refund {
  id: string;
  paymentId: string;
  provider: Provider;
  amount: number;
  currency: string;
  status: 'pending' | 'succeeded' | 'failed';
  /** BTCPay: the page where the client claims the refund. */
  claimUrl: string | null;
  note: string;
  createdAt: string;
}

/** Who issues the invoice, as printed on it (from the billing function's settings). Not in the document. */
export interface Seller {
  name: string;
  address: string[];
  taxId: string | null;
  email: string | null;
  paymentTerms: string;
}

/** Not in the document. */
export interface InvoiceDetail extends Invoice {
  lines: InvoiceLine[];
  payments: Payment[];
  attempts: Attempt[];
  refunds: Refund[];
  seller?: Seller;
}

export interface InvoicePage {
  items: Invoice[];
  total: number;
  page: number;
  pageSize: number;
}

export type InvoiceFilter = { [K in keyof InvoiceListQuery]?: InvoiceListQuery[K] | undefined };

/** Not in the document. */
export interface Checkout {
  attemptId: string;
  url: string;
  testMode: boolean;
}

/** Not in the document. */
export interface PaymentStatus {
  status: InvoiceStatus;
  amountDue: number;
  amountPaid: number;
  attempt?: Attempt | undefined;
}

/** Not in the document. */
export interface ProviderHealth {
  provider: Provider;
  configured: boolean;
  testMode: boolean;
  lastEventAt: string | null;
  events24h: number;
  unmatched: number;
  failures24h: number;
  lastFailureAt: string | null;
  lastFailure: string | null;
  awaitingProvider: number;
  mismatched: number;
  /** Invoices paid beyond their total with this provider's money: a refund is due. */
  overpaid: number;
}

/** A payment in the staff list, with its invoice. Not in the document. */
export interface StaffPayment extends Payment {
  invoiceId: string;
  number: string | null;
}

/** Who a sent invoice was e-mailed to (the company's contacts). Not in the document. */
export interface Recipient {
  name: string;
  email: string;
}

/** The invoice as a PDF (for a paid one, also its receipt: it lists the payments). */
export const invoicePdfUrl = (id: string): string => `/api/billing/invoices/${encodeURIComponent(id)}/pdf`;

/** The list's query as the page's own URL carries it (page 1 left out). */
export function invoicesQuery(filter: InvoiceFilter): string {
  const params = new URLSearchParams();
  if (filter.status) params.set('status', filter.status);
  if (filter.company) params.set('company', filter.company);
  if (filter.page && filter.page > 1) params.set('page', String(filter.page));
  if (filter.pageSize) params.set('pageSize', String(filter.pageSize));
  const text = params.toString();
  return text ? `?${text}` : '';
}

const onInvoice = (id: string) => ({ params: { path: { id } } });

export const listInvoices = (filter: InvoiceFilter = {}, fetch?: Fetch): Promise<InvoicePage> =>
  undescribed<InvoicePage>(
    api.GET('/invoices', {
      params: { query: filled({ ...filter, page: filter.page && filter.page > 1 ? filter.page : undefined }) },
      ...via(fetch),
    }),
  );

export const getInvoice = (id: string, fetch?: Fetch): Promise<InvoiceDetail> =>
  undescribed<InvoiceDetail>(api.GET('/invoices/{id}', { ...onInvoice(id), ...via(fetch) }));

export const createInvoice = (input: NewInvoice): Promise<InvoiceDetail> =>
  undescribed<InvoiceDetail>(api.POST('/invoices', { body: input, ...via() }));

/** A draft from a project's tracked hours: one line per task with hours, at `rateMinor` an hour; 409 without hours. */
export const invoiceFromProject = (input: Schemas['InvoiceFromProjectInput']): Promise<InvoiceDetail> =>
  undescribed<InvoiceDetail>(api.POST('/invoices/from-project', { body: input, ...via() }));

/** Issues a draft; 409 when the company has nobody to e-mail it to. */
export const sendInvoice = (id: string): Promise<InvoiceDetail & { mailedTo: Recipient[] }> =>
  undescribed<InvoiceDetail & { mailedTo: Recipient[] }>(
    api.POST('/invoices/{id}/send', { ...onInvoice(id), ...via() }),
  );

export const voidInvoice = (id: string): Promise<InvoiceDetail> =>
  undescribed<InvoiceDetail>(api.POST('/invoices/{id}/void', { ...onInvoice(id), ...via() }));

export const startCheckout = (id: string, provider: Provider): Promise<Checkout> =>
  undescribed<Checkout>(api.POST('/invoices/{id}/checkout', { ...onInvoice(id), body: { provider }, ...via() }));

export const paymentStatus = (id: string, attemptId: string, signal?: AbortSignal): Promise<PaymentStatus> =>
  undescribed<PaymentStatus>(
    api.GET('/invoices/{id}/payment-status', {
      params: { path: { id }, query: { attempt: attemptId } },
      ...via(undefined, signal),
    }),
  );

/** Staff: give back (part of) one payment through its provider. */
export const refundPayment = (
  id: string,
  input: Schemas['RefundInput'],
): Promise<{ id: string; status: Refund['status']; claimUrl: string | null }> =>
  undescribed<{
    id: string;
    status: Refund['status'];
    claimUrl: string | null;
  }>(api.POST('/invoices/{id}/refunds', { ...onInvoice(id), body: input, ...via() }));

export const listPayments = async (fetch?: Fetch): Promise<StaffPayment[]> =>
  (
    await undescribed<{ items: StaffPayment[] }>(
      api.GET('/payments', { params: { query: { pageSize: 100 } }, ...via(fetch) }),
    )
  ).items;

export const webhookHealth = async (fetch?: Fetch): Promise<ProviderHealth[]> =>
  (await undescribed<{ providers: ProviderHealth[] }>(api.GET('/webhook-health', via(fetch)))).providers;

export const reconcile = (provider: Provider): Promise<{ checked: number; changed: number }> =>
  undescribed<{
    checked: number;
    changed: number;
  }>(api.POST('/webhook-health/{provider}/reconcile', { params: { path: { provider } }, ...via() }));

export { listWorkCompanies } from './work.ts';

export const STATUS_LABEL: Record<InvoiceStatus, string> = {
  draft: 'Draft',
  sent: 'Sent',
  partially_paid: 'Partly paid',
  paid: 'Paid',
  overpaid: 'Overpaid — refund due',
  void: 'Void',
};

export const STATUS_FILTER_LABEL: Record<InvoiceStatusFilter, string> = {
  open: 'Awaiting payment',
  overdue: 'Overdue',
  ...STATUS_LABEL,
};

export const PROVIDER_LABEL: Record<Provider, string> = { stripe: 'Card (Stripe)', btcpay: 'Bitcoin (BTCPay)' };

/** Whether a client can pay it now. */
export const payable = (status: InvoiceStatus): boolean => status === 'sent' || status === 'partially_paid';
