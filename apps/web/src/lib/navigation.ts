import { isAppPath } from '#lib/auth/redirects.ts';
import { goto } from '$app/navigation';

/**
 * Goes to a path on this site: within the client-rendered areas by the router, to the static
 * public pages by a full page load (they are separate documents without the router).
 */
export async function go(path: string, options: { replace?: boolean; state?: App.PageState } = {}): Promise<void> {
  if (isAppPath(path)) {
    await goto(path, { replace: options.replace ?? false, state: options.state ?? {} });
    return;
  }
  if (options.replace) location.replace(path);
  else location.assign(path);
}
