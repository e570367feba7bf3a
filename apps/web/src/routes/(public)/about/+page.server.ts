import { loadPage } from '#lib/server/content.ts';

export const load = () => ({ content: loadPage('about') });
