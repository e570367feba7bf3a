import { createHmac, randomBytes } from 'node:crypto';
import { Hono } from 'hono';
import { html } from 'hono/html';
import { controlGuard } from './control-guard.ts';
import { createDeliverer, routeDeliveryControl } from './delivery.ts';
import {
  listenStandIn,
  type ProviderStandIn,
  type ProviderStandInOptions,
  standInFields,
} from './provider-stand-in.ts';

/**
 * A stand-in for Stripe Checkout that speaks the HTTP API the official SDK calls (form-encoded
 * `POST /v1/checkout/sessions`, `GET /v1/checkout/sessions/:id`, idempotency keys), hosts a
 * checkout page where a person or a test pays, and sends webhooks signed exactly as Stripe does.
 */
export interface FakeStripeSession {
  id: string;
  object: 'checkout.session';
  status: 'open' | 'complete' | 'expired';
  payment_status: 'paid' | 'unpaid';
  amount_total: number;
  currency: string;
  client_reference_id: string | null;
  metadata: Record<string, string>;
  success_url: string;
  cancel_url: string;
  customer_email: string | null;
  expires_at: number;
  created: number;
  payment_intent: string | null;
  url: string | null;
  livemode: false;
}

export type StripeAction = 'pay' | 'pay-async' | 'fail-async' | 'expire';

export interface FakeStripeRefund {
  id: string;
  object: 'refund';
  amount: number;
  currency: string;
  payment_intent: string;
  charge: string;
  status: 'succeeded';
  metadata: Record<string, string>;
  created: number;
}

export interface FakeStripe extends ProviderStandIn {
  secretKey: string;
  sessions: Map<string, FakeStripeSession>;
  refunds: FakeStripeRefund[];
  act(id: string, action: StripeAction): Promise<FakeStripeSession>;
}

const id = (prefix: string) => `${prefix}_test_${randomBytes(12).toString('hex')}`;

export interface FakeStripeOptions extends ProviderStandInOptions {
  secretKey?: string;
  asyncSettleMs?: number;
}

export async function startFakeStripe(opts: FakeStripeOptions = {}): Promise<FakeStripe> {
  const sessions = new Map<string, FakeStripeSession>();
  const refunds: FakeStripeRefund[] = [];
  const calls: FakeStripe['calls'] = [];
  const idempotency = new Map<string, { params: string; body: unknown }>();
  const secretKey = opts.secretKey ?? `sk_test_${randomBytes(12).toString('hex')}`;
  const webhookSecret = opts.webhookSecret ?? `whsec_${randomBytes(16).toString('hex')}`;
  let base = '';
  const fake = {} as FakeStripe;
  const delivery = createDeliverer(() => fake.webhookUrl);

  const sign = (payload: string) => {
    const t = Math.floor(Date.now() / 1000);
    return `t=${t},v1=${createHmac('sha256', webhookSecret).update(`${t}.${payload}`).digest('hex')}`;
  };
  const eventFor = (type: string, s: object) => {
    const body = JSON.stringify({
      id: id('evt'),
      object: 'event',
      api_version: '2025-01-01',
      created: Math.floor(Date.now() / 1000),
      livemode: false,
      type,
      data: { object: { ...s } },
    });
    return { body, headers: { 'stripe-signature': sign(body) } };
  };

  const act = async (sid: string, action: StripeAction): Promise<FakeStripeSession> => {
    const s = sessions.get(sid);
    if (!s) throw new Error(`no session ${sid}`);
    if (s.status !== 'open') return s;
    if (action === 'expire') {
      Object.assign(s, { status: 'expired', url: null });
      await delivery.send([eventFor('checkout.session.expired', s)]);
      return s;
    }
    s.payment_intent = id('pi');
    s.status = 'complete';
    s.url = null;
    if (action === 'pay') {
      s.payment_status = 'paid';
      await delivery.send([eventFor('checkout.session.completed', s)]);
      return s;
    }
    // Asynchronous methods: completed now (unpaid), settled or failed a little later.
    await delivery.send([eventFor('checkout.session.completed', s)]);
    setTimeout(() => {
      if (action === 'pay-async') s.payment_status = 'paid';
      void delivery.send([
        eventFor(
          action === 'pay-async' ? 'checkout.session.async_payment_succeeded' : 'checkout.session.async_payment_failed',
          s,
        ),
      ]);
    }, opts.asyncSettleMs ?? 1500);
    return s;
  };

  const app = new Hono();
  app.use('/_control/*', controlGuard(opts.controlToken));
  const stripeError = (message: string, status: 400 | 401 | 404, type = 'invalid_request_error') =>
    new Response(JSON.stringify({ error: { type, message } }), {
      status,
      headers: { 'content-type': 'application/json' },
    });

  app.use('/v1/*', async (c, next) => {
    if (c.req.header('authorization') !== `Bearer ${secretKey}`) return stripeError('Invalid API Key provided', 401);
    calls.push({ method: c.req.method, path: c.req.path });
    await next();
  });
  /** Stripe's idempotency: the same key and parameters answer the first response; other parameters are an error. */
  const idempotent = async (key: string | undefined, raw: string, run: () => Promise<Response>) => {
    const prior = key ? idempotency.get(key) : undefined;
    if (prior)
      return prior.params === raw
        ? Response.json(prior.body)
        : stripeError(
            'Keys for idempotent requests can only be used with the same parameters they were first used with.',
            400,
            'idempotency_error',
          );
    const res = await run();
    if (key && res.ok) idempotency.set(key, { params: raw, body: await res.clone().json() });
    return res;
  };
  app.post('/v1/checkout/sessions', async (c) => {
    const raw = await c.req.text();
    const p = new URLSearchParams(raw);
    return idempotent(c.req.header('idempotency-key'), raw, async () => {
      const amount = Number(p.get('line_items[0][price_data][unit_amount]'));
      const quantity = Number(p.get('line_items[0][quantity]') ?? 1);
      const currency = p.get('line_items[0][price_data][currency]');
      if (p.get('mode') !== 'payment' || !Number.isInteger(amount) || !currency)
        return stripeError('mode, unit_amount and currency are required', 400);
      const metadata: Record<string, string> = {};
      for (const [k, v] of p) {
        const m = /^metadata\[(.+)\]$/.exec(k);
        if (m?.[1]) metadata[m[1]] = v;
      }
      const sid = id('cs');
      const s: FakeStripeSession = {
        id: sid,
        object: 'checkout.session',
        status: 'open',
        payment_status: 'unpaid',
        amount_total: amount * quantity,
        currency,
        client_reference_id: p.get('client_reference_id'),
        metadata,
        success_url: p.get('success_url') ?? '',
        cancel_url: p.get('cancel_url') ?? '',
        customer_email: p.get('customer_email'),
        created: Math.floor(Date.now() / 1000),
        expires_at: Math.floor(Date.now() / 1000) + 24 * 3600,
        payment_intent: null,
        url: `${opts.publicUrl ?? base}/pay/${sid}`,
        livemode: false,
      };
      sessions.set(sid, s);
      return Response.json(s);
    });
  });
  app.get('/v1/checkout/sessions/:id', (c) => {
    const s = sessions.get(c.req.param('id'));
    return s ? c.json(s) : stripeError(`No such checkout.session: '${c.req.param('id')}'`, 404);
  });
  // Ends an open session: it can no longer be paid. Stripe refuses any other (complete, expired).
  app.post('/v1/checkout/sessions/:id/expire', async (c) => {
    const s = sessions.get(c.req.param('id'));
    if (!s) return stripeError(`No such checkout.session: '${c.req.param('id')}'`, 404);
    if (s.status !== 'open')
      return stripeError(
        `Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session has a status of "${s.status}".`,
        400,
      );
    Object.assign(s, { status: 'expired', url: null });
    await delivery.send([eventFor('checkout.session.expired', s)]);
    return c.json(s);
  });
  app.post('/v1/refunds', async (c) => {
    const raw = await c.req.text();
    const p = new URLSearchParams(raw);
    return idempotent(c.req.header('idempotency-key'), raw, async () => {
      const pi = p.get('payment_intent');
      const s = [...sessions.values()].find((x) => x.payment_intent === pi && x.payment_status === 'paid');
      if (!pi || !s) return stripeError(`No such payment_intent: '${pi}'`, 404);
      const already = refunds.filter((r) => r.payment_intent === pi).reduce((n, r) => n + r.amount, 0);
      const amount = p.has('amount') ? Number(p.get('amount')) : s.amount_total - already;
      if (!Number.isInteger(amount) || amount <= 0) return stripeError('Invalid positive integer: amount', 400);
      if (amount > s.amount_total - already)
        return stripeError(
          `Refund amount (${amount}) is greater than unrefunded amount on charge (${s.amount_total - already})`,
          400,
        );
      const metadata: Record<string, string> = {};
      for (const [k, v] of p) {
        const m = /^metadata\[(.+)\]$/.exec(k);
        if (m?.[1]) metadata[m[1]] = v;
      }
      const refund: FakeStripeRefund = {
        id: id('re'),
        object: 'refund',
        amount,
        currency: s.currency,
        payment_intent: pi,
        charge: `ch_${pi.slice(3)}`,
        status: 'succeeded',
        metadata,
        created: Math.floor(Date.now() / 1000),
      };
      refunds.push(refund);
      const refunded = already + amount;
      await delivery.send([
        eventFor('charge.refunded', {
          id: refund.charge,
          object: 'charge',
          amount: s.amount_total,
          amount_refunded: refunded,
          currency: s.currency,
          payment_intent: pi,
          refunded: refunded === s.amount_total,
        }),
      ]);
      return Response.json(refund);
    });
  });

  // The hosted checkout page: what a payer (or a browser test) sees. Its links are relative, so it
  // also works behind a path prefix (the demo server's /dev/stripe).
  app.get('/pay/:id', (c) => {
    const s = sessions.get(c.req.param('id'));
    if (!s) return c.text('No such checkout', 404);
    const amount = `${(s.amount_total / 100).toFixed(2)} ${s.currency.toUpperCase()}`;
    return c.html(html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Test checkout — ${amount}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;background:#f6f9fc;margin:0;display:grid;place-items:center;min-height:100vh}
main{background:#fff;padding:2rem;border-radius:12px;box-shadow:0 2px 12px #0002;max-width:26rem;width:calc(100% - 2rem)}
.badge{background:#ffe58f;padding:.1rem .5rem;border-radius:4px;font-size:.8rem;font-weight:700}
button{display:block;width:100%;margin:.5rem 0;padding:.8rem;font:inherit;border-radius:8px;border:1px solid #635bff;background:#fff;color:#635bff;cursor:pointer}
button.primary{background:#635bff;color:#fff}</style></head>
<body><main><p><span class="badge">TEST MODE</span> Stripe stand-in — no real money moves.</p>
<h1>Pay ${amount}</h1><p>Status: <strong data-testid="status">${s.status}</strong></p>
${s.status === 'expired' ? html`<p role="alert">This checkout has expired. Nothing was charged; go back to the merchant to pay.</p>` : ''}
${
  s.status === 'open'
    ? html`<form method="post" action="${s.id}/pay"><button class="primary" type="submit">Pay ${amount}</button></form>
<form method="post" action="${s.id}/pay-async"><button type="submit">Pay by bank debit (settles later)</button></form>
<form method="post" action="${s.id}/fail-async"><button type="submit">Bank debit that fails</button></form>
<form method="post" action="${s.id}/expire"><button type="submit">Let it expire</button></form>
<p><a href="${s.cancel_url}">Cancel and go back</a></p>`
    : ''
}
</main></body></html>`);
  });
  app.post('/pay/:id/:action', async (c) => {
    const action = c.req.param('action') as StripeAction;
    if (!['pay', 'pay-async', 'fail-async', 'expire'].includes(action)) return c.text('Unknown action', 400);
    const before = sessions.get(c.req.param('id'))?.status;
    const s = await act(c.req.param('id'), action).catch(() => undefined);
    if (!s) return c.text('No such checkout', 404);
    // Like Stripe's hosted page: a session that is no longer open takes no payment.
    // Relative, so the page also works behind a path prefix (the demo server's /dev/stripe).
    if (before !== 'open') return c.redirect(`../${s.id}`, 303);
    return c.redirect(action === 'expire' ? s.cancel_url : s.success_url.replace('{CHECKOUT_SESSION_ID}', s.id), 303);
  });

  // Test control: how webhooks misbehave, and acting without a browser.
  routeDeliveryControl(app, delivery);
  app.post('/_control/sessions/:id/:action', async (c) =>
    c.json(await act(c.req.param('id'), c.req.param('action') as StripeAction)),
  );
  app.get('/_control/deliveries', (c) =>
    c.json(delivery.log.map(({ body, status, at }) => ({ type: JSON.parse(body).type, status, at }))),
  );

  const server = await listenStandIn(app, opts);
  base = server.url;
  Object.assign(fake, standInFields(server, { webhookSecret, calls, delivery, webhookUrl: opts.webhookUrl }), {
    secretKey,
    sessions,
    refunds,
    act,
  });
  return fake;
}
