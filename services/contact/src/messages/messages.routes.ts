import { CONTACT_THANKS_PATH } from '@coppertone/contracts';
import type { Database } from '@coppertone/db';
import { AppError, bodyFormat, clientAddress, type FunctionApp, readBody, requestLog } from '@coppertone/http';
import type { Metrics } from '@coppertone/observability';
import { createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { Kysely } from 'kysely';
import { adoptContactMetrics } from '../contact.metrics.ts';
import { formErrorPage } from './messages.page.ts';
import { contactMessageAccepted, contactMessageInput } from './messages.schema.ts';
import { createMessageStore, submitMessage } from './messages.service.ts';

const errorSchema = { content: { 'application/json': { schema: {} } } } as const;

const postMessage = createRoute({
  method: 'post',
  path: '/messages',
  summary: 'Send a contact message',
  description:
    'Stores the message; the worker e-mails staff about it. A plain form post gets a 303 to the thank-you page; JSON gets 202.',
  request: {
    body: {
      required: true,
      content: {
        'application/json': { schema: contactMessageInput },
        'application/x-www-form-urlencoded': { schema: contactMessageInput },
      },
    },
  },
  responses: {
    202: { description: 'Received', content: { 'application/json': { schema: contactMessageAccepted } } },
    303: { description: 'Received (form post): redirect to the thank-you page' },
    400: { description: 'Invalid fields (named in error.fields) or malformed JSON', ...errorSchema },
    413: { description: 'Body over 64 KB', ...errorSchema },
    415: { description: 'Neither JSON nor a form post', ...errorSchema },
    429: { description: 'More than 5 messages a minute from one address', ...errorSchema },
  },
});

export function registerMessageRoutes(
  app: FunctionApp,
  deps: { db: Kysely<Database>; trustProxy: boolean; metrics?: Metrics },
): void {
  app.openAPIRegistry.registerPath(postMessage);
  if (deps.metrics) adoptContactMetrics(deps.metrics, deps.db);
  const store = createMessageStore(deps.db);
  // Validation is ours (not the route's) so one endpoint can take JSON and plain form posts alike.
  app.post('/messages', async (c) => {
    const format = bodyFormat(c, ['json', 'form']);
    try {
      const { data } = await readBody(c, contactMessageInput, [format]);
      await submitMessage({
        store,
        log: requestLog(c),
        input: data,
        remoteAddress: clientAddress(c, deps.trustProxy),
        userAgent: c.req.header('user-agent'),
      });
      return format === 'form' ? c.redirect(CONTACT_THANKS_PATH, 303) : c.json({ status: 'received' as const }, 202);
    } catch (err) {
      if (format === 'form' && err instanceof AppError) return formError(c, err);
      throw err;
    }
  });
}

/** Without JavaScript the visitor sees a page, not JSON: what went wrong and a way back. */
async function formError(c: Context, err: AppError): Promise<Response> {
  if (err.headers) for (const [k, v] of Object.entries(err.headers)) c.header(k, v);
  return c.html(formErrorPage(err), err.status);
}
