import { describe, expect, it } from 'vitest';
import { areaRedirect } from './areas.ts';

describe('areaRedirect: each role in its own area', () => {
  it('sends a client from the staff workspace to the portal (billing pages to its invoices)', () => {
    expect(areaRedirect('client', '/staff')).toBe('/portal');
    expect(areaRedirect('client', '/staff/projects/p1')).toBe('/portal');
    expect(areaRedirect('client', '/staff/tasks')).toBe('/portal');
    expect(areaRedirect('client', '/staff/invoices')).toBe('/portal/invoices');
    expect(areaRedirect('client', '/staff/invoices/new')).toBe('/portal/invoices');
    expect(areaRedirect('client', '/staff/billing')).toBe('/portal/invoices');
  });

  it('sends staff and admins from the portal to the workspace, an invoice to the same invoice', () => {
    for (const role of ['staff', 'admin'] as const) {
      expect(areaRedirect(role, '/portal')).toBe('/staff');
      expect(areaRedirect(role, '/portal/projects/p1')).toBe('/staff');
      expect(areaRedirect(role, '/portal/invoices')).toBe('/staff/invoices');
      expect(areaRedirect(role, '/portal/invoices/i%201')).toBe('/staff/invoices/i%201');
    }
  });

  it('leaves everyone where they belong, and pages of neither area alone', () => {
    expect(areaRedirect('client', '/portal/invoices/i1')).toBeUndefined();
    expect(areaRedirect('staff', '/staff/invoices')).toBeUndefined();
    expect(areaRedirect('admin', '/staff')).toBeUndefined();
    expect(areaRedirect('client', '/account')).toBeUndefined();
    expect(areaRedirect('client', '/staffroom')).toBeUndefined();
    expect(areaRedirect('staff', '/portals')).toBeUndefined();
  });
});
