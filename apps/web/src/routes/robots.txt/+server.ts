import { absoluteUrl } from '#lib/server/site.ts';

export const prerender = true;

export function GET(): Response {
  const body = [
    'User-agent: *',
    // Signed-in areas and the API are not for search engines.
    'Disallow: /portal',
    'Disallow: /staff',
    'Disallow: /api/',
    '',
    `Sitemap: ${absoluteUrl('/sitemap.xml')}`,
    '',
  ].join('\n');
  return new Response(body, { headers: { 'content-type': 'text/plain; charset=utf-8' } });
}
