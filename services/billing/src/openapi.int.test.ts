import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BillingHarness, setupBilling } from './testing.ts';

// The browser's billing types are generated from the OpenAPI document (npm run api:generate), so
// the document must say exactly what each route answers: every success answer declares its JSON,
// and real answers carry every declared field, of its declared type, and no other.

type Schema = {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  allOf?: Schema[];
  anyOf?: Schema[];
  oneOf?: Schema[];
};
type Operation = { responses?: Record<string, { content?: Record<string, { schema: Schema }> }> };
type Document = { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, Schema> } };

let h: BillingHarness;
let doc: Document;
/** Each `METHOD path status` whose answer was checked against the document. */
const checked = new Set<string>();

beforeAll(async () => {
  h = await setupBilling();
  doc = await (await h.app.request('/openapi.json')).json();
});
afterAll(() => h.close());

const resolve = (s: Schema): Schema => {
  if (!s.$ref) return s;
  const target = doc.components.schemas[s.$ref.replace('#/components/schemas/', '')];
  if (!target) throw new Error(`the document has no ${s.$ref}`);
  return resolve(target);
};

/** An object schema with its `allOf` parts merged: the properties and required fields of each. */
function merged(s: Schema): Schema {
  const r = resolve(s);
  if (!r.allOf) return r;
  const parts = r.allOf.map(merged);
  return {
    type: 'object',
    properties: Object.assign({}, ...parts.map((p) => p.properties ?? {})),
    required: parts.flatMap((p) => p.required ?? []),
  };
}

const typeOf = (v: unknown) =>
  v === null ? 'null' : Array.isArray(v) ? 'array' : Number.isInteger(v) ? 'integer' : typeof v;

/** Where a value departs from a schema, one line each (empty: it conforms). */
function problems(schema: Schema, value: unknown, at: string): string[] {
  const s = merged(schema);
  const alternatives = s.anyOf ?? s.oneOf;
  if (alternatives)
    return alternatives.some((a) => problems(a, value, at).length === 0) ? [] : [`${at}: matches no alternative`];
  if (s.enum) return s.enum.includes(value) ? [] : [`${at}: ${JSON.stringify(value)} is not one of ${s.enum}`];
  const types = s.type === undefined ? [] : [s.type].flat();
  const actual = typeOf(value);
  if (types.length && !types.includes(actual) && !(actual === 'integer' && types.includes('number')))
    return [`${at}: ${actual}, declared ${types.join(' or ')}`];
  if (actual === 'array' && s.items)
    return (value as unknown[]).flatMap((item, i) => problems(s.items as Schema, item, `${at}[${i}]`));
  if (actual !== 'object' || !s.properties) return [];
  const record = value as Record<string, unknown>;
  const declared = s.properties;
  return [
    ...(s.required ?? []).filter((k) => !(k in record)).map((k) => `${at}.${k}: missing`),
    ...Object.keys(record)
      .filter((k) => !(k in declared))
      .map((k) => `${at}.${k}: not in the document`),
    ...Object.entries(record).flatMap(([k, v]) => (declared[k] ? problems(declared[k], v, `${at}.${k}`) : [])),
  ];
}

/** Asserts the answer is what the document declares for this route and status. */
function conforms(method: string, path: string, res: { status: number; body: unknown }) {
  const declared = doc.paths[path]?.[method]?.responses?.[String(res.status)]?.content?.['application/json']?.schema;
  expect(declared, `${method} ${path} ${res.status} declares its JSON`).toBeDefined();
  expect(problems(declared as Schema, res.body, 'body'), `${method} ${path} ${res.status}`).toEqual([]);
  checked.add(`${method} ${path} ${res.status}`);
}

const successes = () =>
  Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item).flatMap(([method, op]) =>
      Object.entries(op.responses ?? {})
        .filter(([status]) => /^2\d\d$/.test(status))
        .map(([status, r]) => ({ key: `${method} ${path} ${status}`, json: !!r.content?.['application/json'] })),
    ),
  );

describe('billing OpenAPI document', () => {
  it('declares the JSON of every success answer (the PDF is the one answer that is not JSON)', () => {
    const undeclared = successes()
      .filter((s) => !s.json)
      .map((s) => s.key);
    expect(undeclared).toEqual(['get /invoices/{id}/pdf 200']);
  });

  it('answers exactly what it declares, on every route, for staff and clients', async () => {
    const staff = await h.as('staff');
    const client = await h.as('clientA');
    const draft = {
      companyId: h.companyA,
      currency: 'USD',
      dueOn: '2026-12-31',
      lines: [{ description: 'Work', quantity: 1.5, unitPrice: 2000 }],
    };

    const created = await staff.post('/invoices', draft);
    conforms('post', '/invoices', created);
    const id = created.body.id as string;
    const sent = await staff.post(`/invoices/${id}/send`);
    expect(sent.body.mailedTo.length).toBeGreaterThan(0);
    conforms('post', '/invoices/{id}/send', sent);
    conforms(
      'post',
      '/invoices/{id}/void',
      await staff.post(`/invoices/${(await staff.post('/invoices', draft)).body.id}/void`),
    );

    const project = await h.db
      .insertInto('projects')
      .values({ company_id: h.companyA, name: 'Tracked' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await h.db.insertInto('tasks').values({ project_id: project.id, title: 'Work', hours_spent: 2 }).execute();
    conforms(
      'post',
      '/invoices/from-project',
      await staff.post('/invoices/from-project', { projectId: project.id, rateMinor: 5000, currency: 'USD' }),
    );

    // Paid by card, then part of it given back: the detail then has a payment, an attempt and a refund.
    const checkout = await client.post(`/invoices/${id}/checkout`, { provider: 'stripe' });
    conforms('post', '/invoices/{id}/checkout', checkout);
    const attempt = await h.db
      .selectFrom('payment_attempts')
      .select('provider_ref')
      .where('id', '=', checkout.body.attemptId)
      .executeTakeFirstOrThrow();
    await h.stripe.act(attempt.provider_ref as string, 'pay');
    const [payment] = await h.until(
      () => h.payments(id),
      (p) => p.length === 1,
    );
    if (!payment) throw new Error('the card payment was not recorded');
    const status = await client.get(`/invoices/${id}/payment-status?attempt=${checkout.body.attemptId}`);
    expect(status.body.attempt).toBeDefined();
    conforms('get', '/invoices/{id}/payment-status', status);
    conforms(
      'post',
      '/invoices/{id}/refunds',
      await staff.post(`/invoices/${id}/refunds`, { paymentId: payment.id, amount: 500, note: 'Goodwill' }),
    );

    for (const who of [staff, client]) {
      const detail = await who.get(`/invoices/${id}`);
      expect(
        [detail.body.lines, detail.body.payments, detail.body.attempts, detail.body.refunds].map((l) => l.length),
      ).toEqual([1, 1, 1, 1]);
      conforms('get', '/invoices/{id}', detail);
      const list = await who.get('/invoices?status=partially_paid');
      expect(list.body.items.length).toBeGreaterThan(0);
      conforms('get', '/invoices', list);
    }
    const payments = await staff.get('/payments');
    expect(payments.body.items.length).toBeGreaterThan(0);
    conforms('get', '/payments', payments);
    conforms('get', '/webhook-health', await staff.get('/webhook-health'));
    conforms('post', '/webhook-health/{provider}/reconcile', await staff.post('/webhook-health/stripe/reconcile'));

    // A provider's copy of a delivery already recorded: answered, as every delivery is.
    const delivered = h.stripe.delivery.log.find((d) => d.status === 200);
    if (!delivered) throw new Error('no webhook was delivered');
    const again = await fetch(`${h.server.url}/webhooks/stripe`, {
      method: 'POST',
      body: delivered.body,
      headers: { 'content-type': 'application/json', ...delivered.headers },
    });
    conforms('post', '/webhooks/stripe', { status: again.status, body: await again.json() });
  });

  it('leaves no JSON answer unchecked (a new route is added to the test above)', () => {
    const unchecked = successes()
      .filter((s) => s.json && !checked.has(s.key))
      .map((s) => s.key);
    // BTCPay's webhook answer is the same schema as Stripe's, checked above.
    expect(unchecked).toEqual(['post /webhooks/btcpay 200']);
  });
});
