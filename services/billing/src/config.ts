import { flag } from '@coppertone/config';
import { z } from 'zod';

const optional = z.string().min(1).optional();

/**
 * Provider credentials. A provider is on when its settings are complete; with none, demo mode runs
 * the stand-ins (clearly labelled test mode). STRIPE_API_URL only points the SDK at a stand-in.
 */
export const billingConfigFields = {
  STRIPE_SECRET_KEY: optional,
  STRIPE_WEBHOOK_SECRET: optional,
  STRIPE_API_URL: z.url().optional(),
  BTCPAY_URL: z.url().optional(),
  BTCPAY_API_KEY: optional,
  BTCPAY_STORE_ID: optional,
  BTCPAY_WEBHOOK_SECRET: optional,
  /** Marks the BTCPay server as a test instance (a stand-in, or testnet): the UI says test mode. */
  BTCPAY_TEST_MODE: flag.default(false),
  BILLING_RECONCILE_INTERVAL_SECONDS: z.coerce.number().positive().default(60),
  BILLING_RECONCILE_AFTER_SECONDS: z.coerce.number().min(0).default(600),
  /** The seller block on every invoice and its PDF (see invoices/seller.ts). */
  SELLER_NAME: z.string().trim().min(1).max(200).default('Coppertone'),
  /** Postal address; lines separated by `\n`. */
  SELLER_ADDRESS: z.string().trim().min(1).max(1000).optional(),
  SELLER_TAX_ID: z.string().trim().min(1).max(100).optional(),
  SELLER_EMAIL: z.email().optional(),
  PAYMENT_TERMS: z
    .string()
    .trim()
    .min(1)
    .max(1000)
    .default('Payment is due by the due date shown, by card or Bitcoin from your Coppertone portal.'),
  /** Tests only: exit right after storing a webhook event, before its effect. */
  BILLING_FAULT: z.enum(['crash-after-event-stored']).optional(),
};

export type BillingConfig = z.infer<z.ZodObject<typeof billingConfigFields>>;
