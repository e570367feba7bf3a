import { describe, expect, it } from 'vitest';
import { linkParts, shortName } from './links.ts';

describe('linkParts', () => {
  it('makes http and https addresses links and keeps the text around them', () => {
    expect(linkParts('See https://example.com/a?b=1 and http://x.test/ now')).toEqual([
      { text: 'See ' },
      { text: 'https://example.com/a?b=1', href: 'https://example.com/a?b=1' },
      { text: ' and ' },
      { text: 'http://x.test/', href: 'http://x.test/' },
      { text: ' now' },
    ]);
  });

  it('leaves sentence punctuation and an unopened bracket out of the address', () => {
    expect(linkParts('Spec (https://example.com/spec).')).toEqual([
      { text: 'Spec (' },
      { text: 'https://example.com/spec', href: 'https://example.com/spec' },
      { text: ').' },
    ]);
    const wiki = 'https://en.wikipedia.org/wiki/Copper_(colour)';
    expect(linkParts(`${wiki}, then`)).toEqual([{ text: wiki, href: wiki }, { text: ', then' }]);
  });

  it('never links javascript:, data: or other schemes', () => {
    for (const text of ['javascript:alert(1)', 'data:text/html,<b>x</b>', 'JaVaScRiPt:alert(1)//https://x.test']) {
      expect(linkParts(text).filter((p) => 'href' in p)).toEqual(
        text.includes('https://') ? [{ text: 'https://x.test', href: 'https://x.test/' }] : [],
      );
    }
  });

  it('gives back the text exactly when joined, however long the address', () => {
    const text = `Brief: https://docs.example.com/${'a'.repeat(170)}?x=1\nThanks!`;
    expect(
      linkParts(text)
        .map((p) => p.text)
        .join(''),
    ).toBe(text);
    expect(linkParts('no links here')).toEqual([{ text: 'no links here' }]);
    expect(linkParts('')).toEqual([]);
  });
});

describe('shortName', () => {
  it('cuts a long name with an ellipsis and leaves a short one alone', () => {
    expect(shortName('Acme Ltd')).toBe('Acme Ltd');
    const long = shortName('N'.repeat(200));
    expect(long).toHaveLength(60);
    expect(long.endsWith('…')).toBe(true);
  });
});
