import type { PageContent } from '#lib/content.ts';

declare global {
  namespace App {
    interface PageData {
      /** Set by every public page; the (public) layout renders title, meta and social tags from it. */
      content?: PageContent;
      /** Absolute origin of the public site, used for canonical and Open Graph URLs. */
      siteUrl?: string;
    }

    interface PageState {
      /** Handed from the register and forgot pages to check-email, so the address is not put in the URL. */
      email?: string;
    }
  }
}
