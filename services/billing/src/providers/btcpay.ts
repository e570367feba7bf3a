import { createHmac, timingSafeEqual } from 'node:crypto';
import { fromDecimalString, toDecimalString } from '../invoices/money.ts';
import { type PaymentProvider, type ProviderState, RefusedError, SignatureError } from './provider.ts';

export interface BtcpayOptions {
  url: string;
  apiKey: string;
  storeId: string;
  webhookSecret: string;
  testMode: boolean;
}

interface GreenfieldInvoice {
  id: string;
  checkoutLink: string;
  status: 'New' | 'Processing' | 'Settled' | 'Expired' | 'Invalid';
  additionalStatus: 'None' | 'PaidPartial' | 'PaidOver' | 'PaidLate' | 'Marked' | 'Invalid';
  amount: string;
  paidAmount?: string;
  currency: string;
  expirationTime?: number;
}

/** BTCPay Server's Greenfield API over fetch: one invoice per attempt, `metadata.orderId` = our invoice. */
export function btcpayProvider(opts: BtcpayOptions): PaymentProvider {
  const base = `${opts.url.replace(/\/$/, '')}/api/v1/stores/${encodeURIComponent(opts.storeId)}/invoices`;
  async function call<T>(path: string, init: RequestInit = {}): Promise<T> {
    const res = await fetch(`${base}${path}`, {
      ...init,
      headers: { authorization: `token ${opts.apiKey}`, 'content-type': 'application/json', ...init.headers },
      signal: AbortSignal.timeout(15_000),
    });
    if (!res.ok) {
      const message = `BTCPay answered ${res.status} for ${init.method ?? 'GET'} ${path || '/'}`;
      // Greenfield answers 4xx (other than auth and rate limits) for requests it will never accept.
      if (res.status >= 400 && res.status < 500 && ![401, 403, 408, 429].includes(res.status))
        throw new RefusedError(message);
      throw new Error(message);
    }
    return (await res.json()) as T;
  }

  /** Status AND additionalStatus AND the paid amount decide; never one alone. */
  const state = (i: GreenfieldInvoice): ProviderState => {
    const currency = i.currency.toUpperCase();
    const amount = fromDecimalString(i.amount, currency);
    const paid = fromDecimalString(i.paidAmount ?? '0', currency);
    const base = { amount, currency, late: false };
    switch (i.status) {
      case 'Settled':
        return { ...base, status: 'settled', paid: paid > 0n ? paid : amount };
      case 'Processing':
        return { ...base, status: 'processing', paid: 0n };
      case 'Expired':
        if (i.additionalStatus === 'PaidLate' && paid > 0n) return { ...base, status: 'settled', paid, late: true };
        if (i.additionalStatus === 'PaidPartial' && paid > 0n) return { ...base, status: 'settled', paid };
        return { ...base, status: 'expired', paid: 0n };
      case 'Invalid':
        // We mark an invoice invalid to close its checkout (`Marked`); a transaction already
        // broadcast can still land on it. That money was settled to us: record it, never drop it.
        if (i.additionalStatus === 'Marked' && paid > 0n) return { ...base, status: 'settled', paid, late: true };
        return { ...base, status: i.additionalStatus === 'Marked' ? 'expired' : 'failed', paid: 0n };
      default:
        return { ...base, status: 'open', paid: 0n };
    }
  };

  return {
    name: 'btcpay',
    testMode: opts.testMode,
    async createCheckout(req) {
      const invoice = await call<GreenfieldInvoice>('', {
        method: 'POST',
        body: JSON.stringify({
          amount: toDecimalString(req.amount, req.currency),
          currency: req.currency,
          metadata: { orderId: req.invoiceId, attemptId: req.attemptId, invoiceNumber: req.invoiceNumber },
          checkout: { redirectURL: req.returnUrl, redirectAutomatically: true },
        }),
      });
      return {
        ref: invoice.id,
        url: invoice.checkoutLink,
        expiresAt: invoice.expirationTime ? new Date(invoice.expirationTime * 1000) : undefined,
      };
    },
    async fetchState(ref) {
      return state(await call<GreenfieldInvoice>(`/${encodeURIComponent(ref)}`));
    },
    async endCheckout(ref) {
      const path = `/${encodeURIComponent(ref)}`;
      const current = await call<GreenfieldInvoice>(path);
      // Only an invoice still waiting (New) is closed: one being paid or settled is left to finish
      // and its state answered, so the caller records the money instead of hiding it.
      if (current.status !== 'New') return state(current);
      try {
        return state(
          await call<GreenfieldInvoice>(`${path}/status`, {
            method: 'POST',
            body: JSON.stringify({ status: 'Invalid' }),
          }),
        );
      } catch (err) {
        // Refused: it moved on between the read and the mark (a payment arrived). Its state says how.
        if (err instanceof RefusedError) return state(await call<GreenfieldInvoice>(path));
        throw err;
      }
    },
    async refund(req) {
      // Greenfield's refund creates a pull payment for the amount; the client claims it with their
      // address on its page and staff approve the payout in BTCPay.
      const pull = await call<{ id: string; viewLink?: string }>(`/${encodeURIComponent(req.checkoutRef)}/refund`, {
        method: 'POST',
        body: JSON.stringify({
          name: `Refund for invoice ${req.invoiceNumber}`,
          description: req.note || undefined,
          refundVariant: 'Custom',
          customAmount: toDecimalString(req.amount, req.currency),
          customCurrency: req.currency,
          paymentMethod: 'BTC',
        }),
      });
      return { ref: pull.id, status: 'succeeded', claimUrl: pull.viewLink };
    },
    verifyWebhook(rawBody, headers) {
      const header = headers.get('btcpay-sig') ?? '';
      const expected = `sha256=${createHmac('sha256', opts.webhookSecret).update(rawBody, 'utf8').digest('hex')}`;
      const a = Buffer.from(header);
      const b = Buffer.from(expected);
      if (a.length !== b.length || !timingSafeEqual(a, b))
        throw new SignatureError('BTCPay-Sig does not match the body');
      let body: { deliveryId?: string; originalDeliveryId?: string; type?: string; invoiceId?: string };
      try {
        body = JSON.parse(rawBody);
      } catch {
        throw new SignatureError('body is not JSON');
      }
      const eventId = body.originalDeliveryId || body.deliveryId;
      if (!eventId || !body.type) throw new SignatureError('delivery id or type missing');
      // InvoiceCreated says nothing about money (and can outrun our own record of the checkout).
      return { eventId, type: body.type, ref: body.type === 'InvoiceCreated' ? undefined : body.invoiceId };
    },
  };
}
