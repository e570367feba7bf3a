import { PUBLIC_SITE_URL } from '$app/env/private';

/** Origin of the public site (PUBLIC_SITE_URL at build time), without a trailing slash. */
export const siteUrl: string = PUBLIC_SITE_URL;

/** Absolute URL of a site path, e.g. `/services` → `https://coppertonetech.com/services`. */
export function absoluteUrl(path: string): string {
  return new URL(path, `${siteUrl}/`).href;
}
