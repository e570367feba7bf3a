import type { Database, Provider } from '@coppertone/db';
import type { Jobs } from '@coppertone/jobs';
import type { Kysely } from 'kysely';
import type { Seller } from './invoices/seller.ts';
import type { PaymentProvider } from './providers/provider.ts';

/** The channel billing's read caches hear changes on. */
export const BILLING_CHANGES_CHANNEL = 'billing_changed';

export interface BillingDeps {
  db: Kysely<Database>;
  jobs: Pick<Jobs, 'send'>;
  providers: Partial<Record<Provider, PaymentProvider>>;
  publicUrl: string;
  /** False: a recorded payment sends no receipt or staff notice (demo seeding's own payment). */
  sendReceipts?: boolean;
  /** Printed on every invoice and its PDF; without it, the demo seller (see sellerFromConfig). */
  seller?: Seller;
  /** Checkouts older than this are asked about by the reconciler. */
  reconcileAfterSeconds: number;
  /** Fault injection for the crash test: exit right after storing an event, before its effect. */
  crashAfterEventStored?: boolean;
}
