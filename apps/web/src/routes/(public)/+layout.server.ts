import { siteUrl } from '#lib/server/site.ts';

export const load = () => ({ siteUrl });
