// The billing function's API as TypeScript types, generated from its OpenAPI document
// (services/billing, GET /api/billing/openapi.json) by `npm run api:generate`. Do not edit:
// change the route's schema and run it again (npm test fails while this file is stale).

export interface paths {
  '/invoices': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Invoices the caller can see (clients: their company's, not drafts), newest first; status=open: sent or partially paid; status=overdue: open and past its due date */
    get: {
      parameters: {
        query?: {
          page?: number;
          pageSize?: number;
          status?: 'draft' | 'sent' | 'partially_paid' | 'paid' | 'overpaid' | 'void' | 'open' | 'overdue';
          company?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description A page of invoices */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['InvoicePage'];
          };
        };
      };
    };
    put?: never;
    /** Create a draft invoice for a client company (staff) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': components['schemas']['CreateInvoiceInput'];
        };
      };
      responses: {
        /** @description Created (draft) */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['InvoiceDetail'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/invoices/from-project': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Create a draft invoice from a project's tracked hours: one line per task with hours, at an hourly rate in minor units (staff); 409 when no task has hours */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': components['schemas']['InvoiceFromProjectInput'];
        };
      };
      responses: {
        /** @description Created (draft) */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['InvoiceDetail'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/invoices/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** An invoice with its lines, payments and payment attempts */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The invoice */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['InvoiceDetail'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/invoices/{id}/pdf': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The invoice as a PDF download */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description application/pdf */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/invoices/{id}/send': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Issue a draft: number it and e-mail the company’s contacts, answering who was mailed as `mailedTo` (staff); 409 when the company has no contacts */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Done */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['SentInvoice'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/invoices/{id}/void': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Void an unpaid invoice (staff) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Done */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['InvoiceDetail'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/invoices/{id}/checkout': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Start paying what is due, by card (Stripe Checkout) or Bitcoin (BTCPay); answers the URL to send the payer to */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': components['schemas']['CheckoutInput'];
        };
      };
      responses: {
        /** @description Checkout opened */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Checkout'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/invoices/{id}/payment-status': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The truth after a checkout: asks the provider about the attempt (if still open) and answers from our records */
    get: {
      parameters: {
        query?: {
          /** @description The checkout the payer came back from; any other value is answered 404 (no such attempt). */
          attempt?: string;
        };
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Invoice status and the attempt status */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['PaymentStatus'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/invoices/{id}/refunds': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Refund (part of) one payment through its provider: card by Stripe refund, Bitcoin by a BTCPay refund the client claims (staff) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': components['schemas']['RefundInput'];
        };
      };
      responses: {
        /** @description Refunded (or pending at the provider) */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['RefundResult'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/payments': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Recorded payments, newest first (staff) */
    get: {
      parameters: {
        query?: {
          page?: number;
          pageSize?: number;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description A page of payments */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['PaymentPage'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/webhooks/stripe': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** stripe webhook: authenticated by its signature over the raw body */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Recorded (or already recorded) */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['WebhookReceipt'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/webhooks/btcpay': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** btcpay webhook: authenticated by its signature over the raw body */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Recorded (or already recorded) */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['WebhookReceipt'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/webhook-health': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Per provider: last event, failures, unmatched events, checkouts awaiting an answer, overpaid invoices (staff) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Health per provider */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['WebhookHealth'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/webhook-health/{provider}/reconcile': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Ask the provider now about every checkout still waiting (the replay action; staff) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          provider: 'stripe' | 'btcpay';
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description How many were checked and changed */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ReconcileResult'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
}
export type webhooks = Record<string, never>;
export interface components {
  schemas: {
    InvoicePage: {
      items: components['schemas']['Invoice'][];
      total: number;
      page: number;
      pageSize: number;
    };
    Invoice: {
      id: string;
      /** @description `YEAR-NNNN`, given when the draft is sent; null for a draft. */
      number: string | null;
      companyId: string;
      companyName: string;
      projectId: string | null;
      status: components['schemas']['InvoiceStatus'];
      currency: string;
      /** @description A percentage, at most two decimals. */
      taxRate: number;
      subtotal: number;
      tax: number;
      total: number;
      amountPaid: number;
      amountDue: number;
      dueOn: string;
      notes: string;
      issuedAt: string | null;
      version: number;
      createdAt: string;
      can: components['schemas']['InvoiceCan'];
    };
    /** @enum {string} */
    InvoiceStatus: 'draft' | 'sent' | 'partially_paid' | 'paid' | 'overpaid' | 'void';
    InvoiceCan: {
      send: boolean;
      void: boolean;
      pay: boolean;
      refund: boolean;
    };
    Error: {
      error: {
        code: string;
        message: string;
        requestId: string;
        fields?: {
          [key: string]: string;
        };
      };
    };
    InvoiceDetail: components['schemas']['Invoice'] & {
      lines: components['schemas']['InvoiceLine'][];
      payments: components['schemas']['Payment'][];
      attempts: components['schemas']['PaymentAttempt'][];
      refunds: components['schemas']['Refund'][];
      seller: components['schemas']['Seller'];
    };
    InvoiceLine: {
      description: string;
      quantity: number;
      unitPrice: number;
      amount: number;
    };
    Payment: {
      id: string;
      provider: components['schemas']['Provider'];
      amount: number;
      currency: string;
      /**
       * @description Against what its checkout asked: all of it, part, more, or paid after the checkout had expired.
       * @enum {string}
       */
      kind: 'full' | 'partial' | 'over' | 'late';
      /** @description What recorded it: the provider's webhook, the payer's return page, the reconciler or the checkout. */
      source: string;
      recordedAt: string;
    };
    /** @enum {string} */
    Provider: 'stripe' | 'btcpay';
    PaymentAttempt: {
      id: string;
      provider: components['schemas']['Provider'];
      status: components['schemas']['AttemptStatus'];
      amount: number;
      createdAt: string;
    };
    /**
     * @description A checkout: open or processing until the provider settles it (paid, partial, overpaid) or it ends (failed, expired, or mismatch: paid in another currency or amount than asked)
     * @enum {string}
     */
    AttemptStatus: 'open' | 'processing' | 'paid' | 'partial' | 'overpaid' | 'failed' | 'expired' | 'mismatch';
    Refund: {
      id: string;
      paymentId: string;
      provider: components['schemas']['Provider'];
      amount: number;
      currency: string;
      /** @enum {string} */
      status: 'pending' | 'succeeded' | 'failed';
      /** @description BTCPay: the page where the client claims the refund. */
      claimUrl: string | null;
      note: string;
      createdAt: string;
    };
    Seller: {
      name: string;
      address: string[];
      taxId: string | null;
      email: string | null;
      paymentTerms: string;
    };
    CreateInvoiceInput: {
      /** Format: uuid */
      companyId: string;
      /** Format: uuid */
      projectId?: string | null;
      currency: string;
      /** @default 0 */
      taxRate?: number;
      dueOn: string;
      /** @default  */
      notes?: string;
      lines: {
        description: string;
        quantity: number;
        unitPrice: number;
      }[];
    };
    InvoiceFromProjectInput: {
      /** Format: uuid */
      projectId: string;
      rateMinor: number;
      currency: string;
      /** @default 0 */
      taxRate?: number;
      dueOn?: string;
      /** @default  */
      notes?: string;
    };
    SentInvoice: components['schemas']['InvoiceDetail'] & {
      mailedTo: components['schemas']['Recipient'][];
    };
    Recipient: {
      name: string;
      email: string;
    };
    Checkout: {
      attemptId: string;
      /** @description Where to send the payer: the provider's hosted page. */
      url: string;
      /** @description The provider runs in test mode: no real money moves. */
      testMode: boolean;
    };
    CheckoutInput: {
      /** @enum {string} */
      provider: 'stripe' | 'btcpay';
    };
    PaymentStatus: {
      status: components['schemas']['InvoiceStatus'];
      amountDue: number;
      amountPaid: number;
      attempt?: components['schemas']['PaymentAttempt'];
    };
    RefundResult: {
      id: string;
      /** @enum {string} */
      status: 'pending' | 'succeeded' | 'failed';
      claimUrl: string | null;
    };
    RefundInput: {
      /** Format: uuid */
      paymentId: string;
      amount: number;
      /** @default  */
      note?: string;
    };
    PaymentPage: {
      items: components['schemas']['StaffPayment'][];
      page: number;
      pageSize: number;
    };
    StaffPayment: components['schemas']['Payment'] & {
      invoiceId: string;
      number: string | null;
    };
    WebhookReceipt: {
      received: boolean;
      /** @enum {string} */
      outcome: 'applied' | 'duplicate' | 'unmatched' | 'ignored';
    };
    WebhookHealth: {
      providers: components['schemas']['ProviderHealth'][];
    };
    ProviderHealth: {
      provider: components['schemas']['Provider'];
      /** @description Its settings are present, so checkouts can be opened with it. */
      configured: boolean;
      testMode: boolean;
      lastEventAt: string | null;
      events24h: number;
      /** @description Events that named no checkout of ours. */
      unmatched: number;
      failures24h: number;
      lastFailureAt: string | null;
      lastFailure: string | null;
      /** @description Checkouts still open or processing: waiting for the provider's word. */
      awaitingProvider: number;
      mismatched: number;
      /** @description Invoices paid beyond their total with this provider's money: a refund is due. */
      overpaid: number;
    };
    ReconcileResult: {
      /** @description Checkouts asked about. */
      checked: number;
      /** @description Of those, how many the provider's answer changed. */
      changed: number;
    };
  };
  responses: never;
  parameters: never;
  requestBodies: never;
  headers: never;
  pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
