import type { AppMigration } from '../migrate.ts';
import * as contactAndRateLimits from './2026-11-25T1200-contact-and-rate-limits.ts';
import * as identity from './2026-11-25T1300-identity.ts';
import * as work from './2026-11-25T1400-work.ts';
import * as billing from './2026-11-25T1500-billing.ts';
import * as contactOutbox from './2026-11-25T1550-contact-outbox.ts';
import * as invoiceListIndex from './2026-11-25T1600-invoice-list-index.ts';
import * as refundsAndOverpaid from './2026-12-06T0500-refunds-and-overpaid.ts';
import * as contactInbox from './2026-12-06T0800-contact-inbox.ts';
import * as clientInvites from './2026-12-06T0810-client-invites.ts';
import * as notificationChoices from './2026-12-06T1200-notification-choices.ts';

/**
 * The one migration history, in order. Listed statically (not read from disk) so it works the same
 * from source, inside an image, or bundled. Names are timestamps; never rename or edit a shipped one.
 * A migration older code can still run on declares `export const compatibility = 'expand';`
 * (docs/ci-cd.md, "Migrations: expand, then contract"): a rollback may then go back over it.
 */
export const migrations: Record<string, AppMigration> = {
  '2026-11-25T1200-contact-and-rate-limits': contactAndRateLimits,
  '2026-11-25T1300-identity': identity,
  '2026-11-25T1400-work': work,
  '2026-11-25T1500-billing': billing,
  '2026-11-25T1550-contact-outbox': contactOutbox,
  '2026-11-25T1600-invoice-list-index': invoiceListIndex,
  '2026-12-06T0500-refunds-and-overpaid': refundsAndOverpaid,
  '2026-12-06T0800-contact-inbox': contactInbox,
  '2026-12-06T0810-client-invites': clientInvites,
  '2026-12-06T1200-notification-choices': notificationChoices,
};
