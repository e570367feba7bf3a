import { z } from 'zod';
import { type BillingConfig, billingConfigFields } from '../config.ts';

/** Who issues the invoices, as printed on each one (and its PDF) so that it is a valid tax document. */
export interface Seller {
  name: string;
  /** Postal address, one line each. */
  address: string[];
  /** VAT or other tax registration number; null where none is set. */
  taxId: string | null;
  email: string | null;
  paymentTerms: string;
}

/**
 * What a demo prints where no seller is configured: plainly example data. Production prints only
 * what is set (the name and terms always have a value).
 */
const DEMO = {
  address: ['Coppertone Tech Ltd (demo)', '1 Example Street', 'Bristol BS1 1AA', 'United Kingdom'],
  taxId: 'GB 000 0000 00 (demo)',
};

/** The seller block from settings; `\n` (typed as two characters, as env files allow) separates address lines. */
export function sellerFromConfig(
  config: Pick<BillingConfig, 'SELLER_NAME' | 'SELLER_ADDRESS' | 'SELLER_TAX_ID' | 'SELLER_EMAIL' | 'PAYMENT_TERMS'> & {
    NODE_ENV?: string;
  },
): Seller {
  const demo = config.NODE_ENV !== 'production';
  const address = (config.SELLER_ADDRESS ?? '')
    .split(/\\n|\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  return {
    name: config.SELLER_NAME,
    address: address.length ? address : demo ? DEMO.address : [],
    taxId: config.SELLER_TAX_ID ?? (demo ? DEMO.taxId : null),
    email: config.SELLER_EMAIL ?? null,
    paymentTerms: config.PAYMENT_TERMS,
  };
}

/** The seller of a function started without one (tests, tools): the settings' defaults, as in a demo. */
export const defaultSeller = (): Seller => sellerFromConfig(z.object(billingConfigFields).parse({}));
