import { describe, expect, it } from 'vitest';
import { acceptsGzip } from './read-cache.ts';

describe('acceptsGzip', () => {
  it('takes what browsers send', () => {
    expect(acceptsGzip('gzip, deflate, br, zstd')).toBe(true);
    expect(acceptsGzip('br;q=1.0, gzip;q=0.8, *;q=0.1')).toBe(true);
    expect(acceptsGzip('*')).toBe(true);
  });

  it('refuses a missing header, other codings and gzip with q=0', () => {
    expect(acceptsGzip(undefined)).toBe(false);
    expect(acceptsGzip('')).toBe(false);
    expect(acceptsGzip('br, deflate')).toBe(false);
    expect(acceptsGzip('identity')).toBe(false);
    expect(acceptsGzip('gzip;q=0, br')).toBe(false);
    expect(acceptsGzip('GZIP;Q=0.000')).toBe(false);
  });

  it('judges each header by itself when they alternate (the last verdict is remembered)', () => {
    const verdicts = ['gzip', 'gzip;q=0', 'gzip;q=0', 'gzip', 'gzip', undefined, 'gzip'].map(acceptsGzip);
    expect(verdicts).toEqual([true, false, false, true, true, false, true]);
  });
});
