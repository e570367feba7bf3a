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
            'application/json': {
              items: components['schemas']['Invoice'][];
              total: number;
            };
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
            'application/json': components['schemas']['Invoice'];
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
            'application/json': components['schemas']['Invoice'];
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
            'application/json': components['schemas']['Invoice'];
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
            'application/json': components['schemas']['Invoice'];
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
            'application/json': components['schemas']['Invoice'];
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
            'application/json': {
              attemptId: string;
              url: string;
              testMode: boolean;
            };
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
            'application/json': {
              id: string;
              status: string;
              claimUrl: string | null;
            };
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
          content?: never;
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
          content?: never;
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
          content?: never;
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
    Invoice: {
      id: string;
      number: string | null;
      companyId: string;
      companyName: string;
      status: string;
      currency: string;
      total: number;
      amountPaid: number;
      amountDue: number;
      dueOn: string;
      can: components['schemas']['InvoiceCan'];
    };
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
    CheckoutInput: {
      /** @enum {string} */
      provider: 'stripe' | 'btcpay';
    };
    RefundInput: {
      /** Format: uuid */
      paymentId: string;
      amount: number;
      /** @default  */
      note?: string;
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
