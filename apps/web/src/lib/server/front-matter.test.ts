import { describe, expect, it } from 'vitest';
import { parseFrontMatter } from './front-matter.ts';

describe('parseFrontMatter', () => {
  it('reads key: value lines and returns the rest as the body', () => {
    const { data, body } = parseFrontMatter(
      '---\ntitle: Services — Coppertone\nlead: "Quoted: yes"\n---\n\n## Hello\n',
    );
    expect(data).toEqual({ title: 'Services — Coppertone', lead: 'Quoted: yes' });
    expect(body).toBe('\n## Hello\n');
  });

  it('keeps colons after the first one in the value and skips comments and blank lines', () => {
    const { data } = parseFrontMatter('---\n# a comment\n\ndescription: One: two: three\n---\n');
    expect(data).toEqual({ description: 'One: two: three' });
  });

  it('accepts Windows line endings', () => {
    expect(parseFrontMatter('---\r\ntitle: A\r\n---\r\nBody').data).toEqual({ title: 'A' });
  });

  it('treats a file without front matter as all body', () => {
    expect(parseFrontMatter('# Just text')).toEqual({ data: {}, body: '# Just text' });
  });

  it('names the file and line of a malformed entry', () => {
    expect(() => parseFrontMatter('---\ntitle: A\nnot a pair\n---\n', 'content/x.md')).toThrow(
      /content\/x\.md.*line 3/,
    );
  });
});
