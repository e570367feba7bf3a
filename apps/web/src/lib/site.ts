/** Site-wide facts shown in the header and footer. Page copy lives in apps/web/content. */
export const SITE = {
  name: 'Coppertone',
  tagline: 'Software, web platforms and hosting for small businesses.',
  email: 'hello@coppertonetech.com',
} as const;

export const NAV = [
  { href: '/', label: 'Home' },
  { href: '/services', label: 'Services' },
  { href: '/about', label: 'About' },
  { href: '/contact', label: 'Contact' },
] as const;

/** Whether a nav entry is the current page (or, for sections, an ancestor of it). */
export function isCurrent(href: string, pathname: string): boolean {
  if (href === '/') return pathname === '/';
  return pathname === href || pathname.startsWith(`${href}/`);
}
