/**
 * The billing function (`/api/billing`): invoices, checkouts, payments, webhook health.
 * What each call sends and answers is typed by billing's OpenAPI document (./generated/billing.ts).
 */
import { apiClient, data, type Fetch, filled, via } from './client.ts';
import type { components, paths } from './generated/billing.ts';

type Schemas = components['schemas'];

const api = apiClient<paths>('/api/billing');

export type Provider = Schemas['Provider'];
export type NewInvoice = Schemas['CreateInvoiceInput'];
export type InvoiceListQuery = NonNullable<paths['/invoices']['get']['parameters']['query']>;
/**
 * What the invoice list filters on: a status, `open` (sent or partially paid: waiting for payment),
 * or `overdue` (open and past its due date).
 */
export type InvoiceStatusFilter = NonNullable<InvoiceListQuery['status']>;
export type InvoiceStatus = Schemas['InvoiceStatus'];

export const INVOICE_STATUSES: readonly InvoiceStatus[] = [
  'draft',
  'sent',
  'partially_paid',
  'paid',
  'overpaid',
  'void',
];
export const INVOICE_STATUS_FILTERS: readonly InvoiceStatusFilter[] = ['open', 'overdue', ...INVOICE_STATUSES];

export type AttemptStatus = Schemas['AttemptStatus'];
/** An invoice as listed, with what the caller may do with it (`can`). */
export type Invoice = Schemas['Invoice'];
export type InvoiceLine = Schemas['InvoiceLine'];
export type Payment = Schemas['Payment'];
export type Attempt = Schemas['PaymentAttempt'];
/** Money given back from one payment (`pending` until the provider confirms; it counts meanwhile). */
export type Refund = Schemas['Refund'];
/** Who issues the invoice, as printed on it (from the billing function's settings). */
export type Seller = Schemas['Seller'];
/** An invoice with its lines, payments, checkouts, refunds and seller. */
export type InvoiceDetail = Schemas['InvoiceDetail'];
export type InvoicePage = Schemas['InvoicePage'];
export type InvoiceFilter = { [K in keyof InvoiceListQuery]?: InvoiceListQuery[K] | undefined };
export type Checkout = Schemas['Checkout'];
export type PaymentStatus = Schemas['PaymentStatus'];
export type ProviderHealth = Schemas['ProviderHealth'];
/** A payment in the staff list, with its invoice. */
export type StaffPayment = Schemas['StaffPayment'];
/** Who a sent invoice was e-mailed to (the company's contacts). */
export type Recipient = Schemas['Recipient'];

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
  data(
    api.GET('/invoices', {
      params: { query: filled({ ...filter, page: filter.page && filter.page > 1 ? filter.page : undefined }) },
      ...via(fetch),
    }),
  );

export const getInvoice = (id: string, fetch?: Fetch): Promise<InvoiceDetail> =>
  data(api.GET('/invoices/{id}', { ...onInvoice(id), ...via(fetch) }));

export const createInvoice = (input: NewInvoice): Promise<InvoiceDetail> =>
  data(api.POST('/invoices', { body: input, ...via() }));

/** A draft from a project's tracked hours: one line per task with hours, at `rateMinor` an hour; 409 without hours. */
export const invoiceFromProject = (input: Schemas['InvoiceFromProjectInput']): Promise<InvoiceDetail> =>
  data(api.POST('/invoices/from-project', { body: input, ...via() }));

/** Issues a draft; 409 when the company has nobody to e-mail it to. */
export const sendInvoice = (id: string): Promise<Schemas['SentInvoice']> =>
  data(api.POST('/invoices/{id}/send', { ...onInvoice(id), ...via() }));

export const voidInvoice = (id: string): Promise<InvoiceDetail> =>
  data(api.POST('/invoices/{id}/void', { ...onInvoice(id), ...via() }));

export const startCheckout = (id: string, provider: Provider): Promise<Checkout> =>
  data(api.POST('/invoices/{id}/checkout', { ...onInvoice(id), body: { provider }, ...via() }));

export const paymentStatus = (id: string, attemptId: string, signal?: AbortSignal): Promise<PaymentStatus> =>
  data(
    api.GET('/invoices/{id}/payment-status', {
      params: { path: { id }, query: { attempt: attemptId } },
      ...via(undefined, signal),
    }),
  );

/** Staff: give back (part of) one payment through its provider. */
export const refundPayment = (id: string, input: Schemas['RefundInput']): Promise<Schemas['RefundResult']> =>
  data(api.POST('/invoices/{id}/refunds', { ...onInvoice(id), body: input, ...via() }));

export const listPayments = async (fetch?: Fetch): Promise<StaffPayment[]> =>
  (await data(api.GET('/payments', { params: { query: { pageSize: 100 } }, ...via(fetch) }))).items;

export const webhookHealth = async (fetch?: Fetch): Promise<ProviderHealth[]> =>
  (await data(api.GET('/webhook-health', via(fetch)))).providers;

export const reconcile = (provider: Provider): Promise<Schemas['ReconcileResult']> =>
  data(api.POST('/webhook-health/{provider}/reconcile', { params: { path: { provider } }, ...via() }));

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
