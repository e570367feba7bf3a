// The contact function's API as TypeScript types, generated from its OpenAPI document
// (services/contact, GET /api/contact/openapi.json) by `npm run api:generate`. Do not edit:
// change the route's schema and run it again (npm test fails while this file is stale).

export interface paths {
  '/messages': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The staff inbox (staff, admin): contact messages newest first. Query: view (inbox, handled, spam, all), q (text anywhere in name, e-mail, company or message), page, pageSize */
    get: {
      parameters: {
        query?: {
          page?: number;
          pageSize?: number;
          view?: 'inbox' | 'handled' | 'spam' | 'all';
          q?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description A page of messages */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['InboxPage'];
          };
        };
      };
    };
    put?: never;
    /**
     * Send a contact message
     * @description Stores the message; the worker e-mails staff about it. A plain form post gets a 303 to the thank-you page; JSON gets 202.
     */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': components['schemas']['ContactMessageInput'];
          'application/x-www-form-urlencoded': components['schemas']['ContactMessageInput'];
        };
      };
      responses: {
        /** @description Received */
        202: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ContactMessageAccepted'];
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
  '/messages/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One contact message with its replies (staff, admin); opening it marks it read */
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
        /** @description The message */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['InboxMessage'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    /** Mark a message handled, spam or new, read or unread, or record the client company or project made from it (staff, admin) */
    patch: {
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
          'application/json': components['schemas']['UpdateContactMessageInput'];
        };
      };
      responses: {
        /** @description The message */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['InboxMessage'];
          };
        };
      };
    };
    trace?: never;
  };
  '/messages/{id}/replies': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Reply to the sender by e-mail (staff, admin); a new message counts as handled */
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
          'application/json': components['schemas']['ContactReplyInput'];
        };
      };
      responses: {
        /** @description Reply stored and its e-mail queued */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              id: string;
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
}
export type webhooks = Record<string, never>;
export interface components {
  schemas: {
    ContactMessageAccepted: {
      /** @enum {string} */
      status: 'received';
    };
    /**
     * @example {
     *       "name": "Ada Lovelace",
     *       "email": "ada@example.com",
     *       "company": "Analytical Ltd",
     *       "message": "Hello!"
     *     }
     */
    ContactMessageInput: {
      name: string;
      email: string;
      company?: string;
      message: string;
      website?: string;
    };
    InboxPage: {
      items: components['schemas']['InboxItem'][];
      page: number;
      pageSize: number;
      total: number;
      unread: number;
    };
    InboxItem: {
      id: string;
      name: string;
      email: string;
      company: string | null;
      excerpt: string;
      /** @enum {string} */
      status: 'new' | 'handled' | 'spam';
      read: boolean;
      replies: number;
      createdAt: string;
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
    InboxMessage: {
      id: string;
      name: string;
      email: string;
      company: string | null;
      message: string;
      /** @enum {string} */
      status: 'new' | 'handled' | 'spam';
      readAt: string | null;
      statusChangedAt: string | null;
      statusChangedBy: string | null;
      createdAt: string;
      clientCompany: {
        id: string;
        name: string;
      } | null;
      project: {
        id: string;
        name: string;
      } | null;
      replies: {
        id: string;
        body: string;
        author: string | null;
        createdAt: string;
      }[];
    };
    UpdateContactMessageInput: {
      /** @enum {string} */
      status?: 'new' | 'handled' | 'spam';
      read?: boolean;
      /** Format: uuid */
      companyId?: string;
      /** Format: uuid */
      projectId?: string;
    };
    ContactReplyInput: {
      body: string;
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
