/** The billing function (`/api/billing`): invoices, checkouts, payments, webhook health. */
import { type Fetch, request } from './client.ts';

const BASE = '/api/billing';

export type InvoiceStatus = 'draft' | 'sent' | 'partially_paid' | 'paid' | 'overpaid' | 'void';
export const INVOICE_STATUSES: readonly InvoiceStatus[] = [
  'draft',
  'sent',
  'partially_paid',
  'paid',
  'overpaid',
  'void',
];
export type Provider = 'stripe' | 'btcpay';
export type AttemptStatus = 'open' | 'processing' | 'paid' | 'partial' | 'overpaid' | 'failed' | 'expired' | 'mismatch';

export interface Invoice {
  id: string;
  number: string | null;
  companyId: string;
  companyName: string;
  projectId: string | null;
  status: InvoiceStatus;
  currency: string;
  taxRate: number;
  subtotal: number;
  tax: number;
  total: number;
  amountPaid: number;
  amountDue: number;
  dueOn: string;
  notes: string;
  issuedAt: string | null;
  createdAt: string;
}

export interface InvoiceLine {
  description: string;
  quantity: number;
  unitPrice: number;
  amount: number;
}

export interface Payment {
  id: string;
  provider: Provider;
  amount: number;
  currency: string;
  kind: 'full' | 'partial' | 'over' | 'late';
  source: string;
  recordedAt: string;
}

export interface Attempt {
  id: string;
  provider: Provider;
  status: AttemptStatus;
  amount: number;
  createdAt: string;
}

/** Money given back from one payment (`pending` until the provider confirms; it counts meanwhile). */
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

/** Who issues the invoice, as printed on it (from the billing function's settings). */
export interface Seller {
  name: string;
  address: string[];
  taxId: string | null;
  email: string | null;
  paymentTerms: string;
}

export interface InvoiceDetail extends Invoice {
  lines: InvoiceLine[];
  payments: Payment[];
  attempts: Attempt[];
  refunds: Refund[];
  seller?: Seller;
}

/** The invoice as a PDF (for a paid one, also its receipt: it lists the payments). */
export const invoicePdfUrl = (id: string): string => `${BASE}/invoices/${encodeURIComponent(id)}/pdf`;

export interface InvoicePage {
  items: Invoice[];
  total: number;
  page: number;
  pageSize: number;
}

/**
 * What the invoice list filters on: a status, `open` (sent or partially paid: waiting for payment),
 * or `overdue` (open and past its due date).
 */
export type InvoiceStatusFilter = InvoiceStatus | 'open' | 'overdue';
export const INVOICE_STATUS_FILTERS: readonly InvoiceStatusFilter[] = ['open', 'overdue', ...INVOICE_STATUSES];

export interface InvoiceFilter {
  status?: InvoiceStatusFilter | undefined;
  company?: string | undefined;
  page?: number | undefined;
  pageSize?: number | undefined;
}

export interface NewInvoice {
  companyId: string;
  projectId?: string | null;
  currency: string;
  taxRate: number;
  dueOn: string;
  notes: string;
  lines: Array<{ description: string; quantity: number; unitPrice: number }>;
}

export interface Checkout {
  attemptId: string;
  url: string;
  testMode: boolean;
}

export interface PaymentStatus {
  status: InvoiceStatus;
  amountDue: number;
  amountPaid: number;
  attempt?: Attempt | undefined;
}

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

export interface StaffPayment extends Omit<Payment, 'id'> {
  id: string;
  invoiceId: string;
  number: string | null;
}

const path = (id: string) => `${BASE}/invoices/${encodeURIComponent(id)}`;

export function invoicesQuery(filter: InvoiceFilter): string {
  const params = new URLSearchParams();
  if (filter.status) params.set('status', filter.status);
  if (filter.company) params.set('company', filter.company);
  if (filter.page && filter.page > 1) params.set('page', String(filter.page));
  if (filter.pageSize) params.set('pageSize', String(filter.pageSize));
  const text = params.toString();
  return text ? `?${text}` : '';
}

export const listInvoices = (filter: InvoiceFilter = {}, fetch?: Fetch): Promise<InvoicePage> =>
  request('GET', `${BASE}/invoices${invoicesQuery(filter)}`, { fetch });

export const getInvoice = (id: string, fetch?: Fetch): Promise<InvoiceDetail> => request('GET', path(id), { fetch });

export const createInvoice = (input: NewInvoice): Promise<InvoiceDetail> =>
  request('POST', `${BASE}/invoices`, { body: input });

/** A draft from a project's tracked hours: one line per task with hours, at `rateMinor` an hour; 409 without hours. */
export const invoiceFromProject = (input: {
  projectId: string;
  rateMinor: number;
  currency: string;
}): Promise<InvoiceDetail> => request('POST', `${BASE}/invoices/from-project`, { body: input });

/** Who a sent invoice was e-mailed to (the company's contacts). */
export interface Recipient {
  name: string;
  email: string;
}

/** Issues a draft; 409 when the company has nobody to e-mail it to. */
export const sendInvoice = (id: string): Promise<InvoiceDetail & { mailedTo: Recipient[] }> =>
  request('POST', `${path(id)}/send`);

export const voidInvoice = (id: string): Promise<InvoiceDetail> => request('POST', `${path(id)}/void`);

export const startCheckout = (id: string, provider: Provider): Promise<Checkout> =>
  request('POST', `${path(id)}/checkout`, { body: { provider } });

export const paymentStatus = (id: string, attemptId: string, signal?: AbortSignal): Promise<PaymentStatus> =>
  request('GET', `${path(id)}/payment-status?attempt=${encodeURIComponent(attemptId)}`, { signal });

/** Staff: give back (part of) one payment through its provider. */
export const refundPayment = (
  id: string,
  input: { paymentId: string; amount: number; note: string },
): Promise<{ id: string; status: Refund['status']; claimUrl: string | null }> =>
  request('POST', `${path(id)}/refunds`, { body: input });

export const listPayments = async (fetch?: Fetch): Promise<StaffPayment[]> =>
  (await request<{ items: StaffPayment[] }>('GET', `${BASE}/payments?pageSize=100`, { fetch })).items;

export const webhookHealth = async (fetch?: Fetch): Promise<ProviderHealth[]> =>
  (await request<{ providers: ProviderHealth[] }>('GET', `${BASE}/webhook-health`, { fetch })).providers;

export const reconcile = (provider: Provider): Promise<{ checked: number; changed: number }> =>
  request('POST', `${BASE}/webhook-health/${provider}/reconcile`);

export interface WorkCompany {
  id: string;
  name: string;
}

/** Client companies for the create form (the work function's list, staff only). */
export const listWorkCompanies = async (fetch?: Fetch): Promise<WorkCompany[]> =>
  (await request<{ items: WorkCompany[] }>('GET', '/api/work/companies', { fetch })).items;

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
