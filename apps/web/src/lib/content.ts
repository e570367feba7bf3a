/** Shapes of the Markdown page copy in apps/web/content, as handed to the page components. */

/** One `## Heading` block of a page, e.g. one service on the services page. */
export interface ContentSection {
  id: string;
  title: string;
  /** The first paragraph, rendered inline (used for cards). */
  summary: string;
  /** The whole section body (without its heading) as HTML. */
  html: string;
}

export interface PageContent {
  /** File name without `.md`, e.g. `services`. */
  slug: string;
  /** Site path of the page, e.g. `/services`. */
  path: string;
  /** Full document title. */
  title: string;
  description: string;
  /** The page's h1. */
  heading: string;
  /** Optional standfirst under the h1. */
  lead: string;
  /** Pages that must not be indexed (thanks, 404) say `noindex: true`. */
  noindex: boolean;
  /** False for the not-found page, which is served at whatever URL was missing. */
  canonical: boolean;
  /** Any other front-matter keys a page uses (e.g. the home page's call to action). */
  fields: Record<string, string>;
  /** Body before the first `##` heading, as HTML. */
  intro: string;
  sections: ContentSection[];
  /** The whole body as HTML. */
  html: string;
}
