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

/**
 * aria-current for a nav entry: 'page' on the page itself, 'true' on the section it belongs to
 * (e.g. Contact while on /contact/thanks), nothing otherwise.
 */
export function currentState(href: string, pathname: string): 'page' | 'true' | undefined {
  if (pathname === href) return 'page';
  if (href !== '/' && pathname.startsWith(`${href}/`)) return 'true';
  return undefined;
}
