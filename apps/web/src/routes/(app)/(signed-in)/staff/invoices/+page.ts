import { INVOICE_STATUS_FILTERS, type InvoiceStatusFilter, listInvoices, listWorkCompanies } from '#lib/api/billing.ts';
import { signedInData } from '#lib/auth/guard.ts';

const PAGE_SIZE = 25;

/** All invoices, filtered by the URL (`?status=&company=&page=`; `status=open`: awaiting payment). */
export async function load({ parent, fetch, url }) {
  await parent(); // the area's role guard (its +layout.ts) runs first
  const rawStatus = url.searchParams.get('status') ?? '';
  const status = (INVOICE_STATUS_FILTERS as readonly string[]).includes(rawStatus)
    ? (rawStatus as InvoiceStatusFilter)
    : undefined;
  const company = /^[0-9a-f-]{36}$/i.test(url.searchParams.get('company') ?? '')
    ? (url.searchParams.get('company') ?? '')
    : '';
  const page = Math.max(1, Math.min(100_000, Number.parseInt(url.searchParams.get('page') ?? '1', 10) || 1));
  const [invoices, companies] = await signedInData(
    url,
    Promise.all([
      listInvoices({ status, company: company || undefined, page, pageSize: PAGE_SIZE }, fetch),
      listWorkCompanies(fetch),
    ]),
  );
  return { invoices, companies, filter: { status: (status ?? '') as InvoiceStatusFilter | '', company, page } };
}
