import { describe, expect, it } from 'vitest';
import { sellerFromConfig } from './seller.ts';

const base = { SELLER_NAME: 'Coppertone Tech Ltd', PAYMENT_TERMS: 'Net 14 days.' };

describe('the seller block from settings', () => {
  it('prints the configured name, address lines, tax number and terms', () => {
    expect(
      sellerFromConfig({
        ...base,
        NODE_ENV: 'production',
        SELLER_ADDRESS: '5 Mill Road\\nBristol BS2 0AA\n United Kingdom ',
        SELLER_TAX_ID: 'GB 123 4567 89',
        SELLER_EMAIL: 'accounts@coppertonetech.com',
      }),
    ).toEqual({
      name: 'Coppertone Tech Ltd',
      address: ['5 Mill Road', 'Bristol BS2 0AA', 'United Kingdom'],
      taxId: 'GB 123 4567 89',
      email: 'accounts@coppertonetech.com',
      paymentTerms: 'Net 14 days.',
    });
  });

  it('in production, prints nothing it was not given; a demo prints example data marked as such', () => {
    expect(sellerFromConfig({ ...base, NODE_ENV: 'production' })).toMatchObject({ address: [], taxId: null });
    const demo = sellerFromConfig({ ...base, NODE_ENV: 'development' });
    expect(demo.address[0]).toContain('(demo)');
    expect(demo.taxId).toContain('(demo)');
  });
});
