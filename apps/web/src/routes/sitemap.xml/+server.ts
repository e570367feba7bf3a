import { loadPage, PAGES, type PageSlug } from '#lib/server/content.ts';
import { absoluteUrl } from '#lib/server/site.ts';

export const prerender = true;

const escapeXml = (text: string) => text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);

export function GET(): Response {
  const urls = (Object.keys(PAGES) as PageSlug[])
    .map(loadPage)
    .filter((page) => page.canonical && !page.noindex)
    .map((page) => `\t<url><loc>${escapeXml(absoluteUrl(page.path))}</loc></url>`);

  const xml = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ...urls,
    '</urlset>',
    '',
  ].join('\n');
  return new Response(xml, { headers: { 'content-type': 'application/xml; charset=utf-8' } });
}
