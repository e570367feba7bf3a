import type { Role } from '#lib/api/identity.ts';

/**
 * Where someone who opened the other role's area belongs: a client in the staff workspace goes to
 * their portal, staff or an admin in the portal to the workspace, each to the same kind of page where
 * there is one (invoices); undefined when they are where they belong. Each area's `+layout.ts` asks
 * this once, so no page of the area guards itself.
 */
export function areaRedirect(role: Role, pathname: string): string | undefined {
  if (pathname === '/staff' || pathname.startsWith('/staff/')) {
    if (role !== 'client') return undefined;
    return /^\/staff\/(invoices|billing)(\/|$)/.test(pathname) ? '/portal/invoices' : '/portal';
  }
  if (pathname === '/portal' || pathname.startsWith('/portal/')) {
    if (role === 'client') return undefined;
    const invoice = /^\/portal\/invoices(\/[^/]+)?\/?$/.exec(pathname);
    return invoice ? `/staff/invoices${invoice[1] ?? ''}` : '/staff';
  }
  return undefined;
}
