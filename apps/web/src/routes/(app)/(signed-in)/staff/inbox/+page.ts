import { type InboxView, listMessages } from '#lib/api/contact.ts';
import { signedInData } from '#lib/auth/guard.ts';

const PAGE_SIZE = 25;
const VIEWS: readonly InboxView[] = ['inbox', 'handled', 'spam', 'all'];

/** Contact messages, newest first, as the URL says (`?view=&q=&page=`). */
export async function load({ parent, fetch, url }) {
  await parent(); // the area's role guard (its +layout.ts) runs first
  const rawView = url.searchParams.get('view') ?? '';
  const view = (VIEWS as readonly string[]).includes(rawView) ? (rawView as InboxView) : 'inbox';
  const q = (url.searchParams.get('q') ?? '').trim().slice(0, 200);
  const page = Math.max(1, Math.min(100_000, Number.parseInt(url.searchParams.get('page') ?? '1', 10) || 1));
  const messages = await signedInData(url, listMessages({ view, q: q || undefined, page, pageSize: PAGE_SIZE }, fetch));
  return { messages, filter: { view, q, page } };
}
