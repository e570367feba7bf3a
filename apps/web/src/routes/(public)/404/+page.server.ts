import { loadPage } from '#lib/server/content.ts';

// Prerendered to build/404.html, which the server sends with status 404 for unknown paths.
export const load = () => ({ content: loadPage('not-found') });
