import { loadPage } from '#lib/server/content.ts';

export const load = () => ({
  content: loadPage('home'),
  // The home page's cards are the services page's sections, so the words live in one place.
  services: loadPage('services').sections.map(({ id, title, summary }) => ({ id, title, summary })),
});
