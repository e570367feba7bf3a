import { Marked, type Token, type Tokens } from 'marked';
import type { ContentSection, PageContent } from '#lib/content.ts';
import { parseFrontMatter } from './front-matter.ts';

/** Every page that has copy, and where it lives on the site. Paths are code; words are content. */
export const PAGES = {
  home: '/',
  services: '/services',
  about: '/about',
  contact: '/contact',
  'contact-thanks': '/contact/thanks',
  privacy: '/privacy',
  'not-found': '/404',
} as const;

export type PageSlug = keyof typeof PAGES;

// Bundled at build time, so prerendering does not depend on the working directory.
const files = import.meta.glob<string>('/content/*.md', {
  query: '?raw',
  import: 'default',
  eager: true,
});

export function slugify(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

const markdown = new Marked({
  gfm: true,
  renderer: {
    // Headings get ids so that other pages (the home page's service cards) can link to them.
    heading({ tokens, depth, text }: Tokens.Heading) {
      return `<h${depth} id="${slugify(text)}">${this.parser.parseInline(tokens)}</h${depth}>\n`;
    },
  },
});

function render(tokens: Token[]): string {
  return markdown.parser(tokens);
}

function splitSections(tokens: Token[]): { intro: Token[]; sections: ContentSection[] } {
  const intro: Token[] = [];
  const groups: { heading: Tokens.Heading; body: Token[] }[] = [];
  for (const token of tokens) {
    if (token.type === 'heading' && (token as Tokens.Heading).depth === 2) {
      groups.push({ heading: token as Tokens.Heading, body: [] });
    } else {
      (groups.at(-1)?.body ?? intro).push(token);
    }
  }
  const sections = groups.map(({ heading, body }) => {
    const paragraph = body.find((t): t is Tokens.Paragraph => t.type === 'paragraph');
    return {
      id: slugify(heading.text),
      title: heading.text,
      summary: paragraph ? markdown.parseInline(paragraph.text, { async: false }) : '',
      html: render(body),
    };
  });
  return { intro, sections };
}

export function loadPage(slug: PageSlug): PageContent {
  const file = `/content/${slug}.md`;
  const source = files[file];
  if (source === undefined) throw new Error(`Missing page copy: apps/web${file}`);

  const { data, body } = parseFrontMatter(source, file);
  const { title, description, heading, lead = '', noindex, ...fields } = data;
  if (!title || !description || !heading) {
    throw new Error(`apps/web${file}: front matter needs title, description and heading lines`);
  }
  const tokens = markdown.lexer(body);
  const { intro, sections } = splitSections(tokens);

  return {
    slug,
    path: PAGES[slug],
    title,
    description,
    heading,
    lead,
    noindex: noindex === 'true',
    canonical: slug !== 'not-found',
    fields,
    intro: render(intro),
    sections,
    html: render(tokens),
  };
}
