import { defineEnvVars } from '@sveltejs/kit/env';

const DEFAULT_SITE_URL = 'https://coppertonetech.com';

export const variables = defineEnvVars({
  PUBLIC_SITE_URL: {
    // Read once at build time: the pages are prerendered, so the URL is baked into the HTML.
    static: true,
    description: 'Public origin of the site, used for canonical links, Open Graph tags and the sitemap.',
    schema: (value) => {
      const raw = value?.trim() || DEFAULT_SITE_URL;
      const url = URL.parse(raw);
      if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:') || url.pathname !== '/') {
        throw new Error(`PUBLIC_SITE_URL must be an http(s) origin such as ${DEFAULT_SITE_URL}, got ${raw}`);
      }
      return url.origin;
    },
  },
});
