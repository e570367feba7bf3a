import { describe, expect, it } from 'vitest';
import { destinationFor, isAppPath, landingFor, loginUrl, safeNext } from './redirects.ts';

describe('safeNext', () => {
  it('keeps paths on this site, with their query and fragment', () => {
    expect(safeNext('/portal')).toBe('/portal');
    expect(safeNext('/staff?tab=people#invite')).toBe('/staff?tab=people#invite');
    expect(safeNext('/account')).toBe('/account');
    expect(safeNext('/services')).toBe('/services');
  });

  it('refuses other origins in every spelling', () => {
    for (const raw of [
      'https://evil.example/portal',
      '//evil.example/portal',
      '///evil.example',
      '/\\evil.example',
      '\\\\evil.example',
      'javascript:alert(1)',
      'portal',
      ' /portal',
      '/\t/evil.example',
      '/%0a/evil.example'.replace('%0a', '\n'),
    ]) {
      expect(safeNext(raw), raw).toBeUndefined();
    }
  });

  it('refuses paths that resolve or decode to another origin (issue 12: /.//host signed people in to evil.example)', () => {
    for (const raw of [
      // Dot segments resolve to `//host`.
      '/.//evil.example/phish',
      '/..//evil.example/phish',
      '/portal/..//evil.example',
      '/portal/../..//evil.example',
      '/./\\evil.example',
      // Encoded dots resolve the same way.
      '/%2e//evil.example',
      '/%2e%2e//evil.example',
      '/%2E%2E//evil.example',
      '/portal/%2e%2e/%2e%2e//evil.example',
      '/.%2e//evil.example',
      // Encoded slashes and backslashes, once or twice.
      '/%2F%2Fevil.example',
      '/%2f%2fevil.example',
      '/%2F/evil.example',
      '/.%2F/evil.example',
      '/x%2F..%2F%2Fevil.example',
      '/%252F%252Fevil.example',
      '/%25252F%25252Fevil.example',
      '/%5Cevil.example',
      '/%5C%5Cevil.example',
      '/%255Cevil.example',
      // Absolute URLs, protocol-relative and scheme tricks.
      'http://evil.example/phish',
      'https:evil.example',
      '//evil.example',
      '/\\/evil.example',
      '\\/evil.example',
      'data:text/html,hi',
      // Malformed or nested past any sensible depth.
      '/%E0%A4%A',
      '/%2525252525252F%2525252525252Fevil.example',
    ]) {
      expect(safeNext(raw), raw).toBeUndefined();
      expect(destinationFor({ role: 'client' }, raw), raw).toBe('/portal');
    }
  });

  it('keeps what it returns on this origin however often it is resolved', () => {
    for (const raw of ['/portal', '/x/../staff', '/services/%2e%2e/account', '/staff?next=//evil.example#x']) {
      const next = safeNext(raw);
      expect(next, raw).toBeDefined();
      const url = new URL(next as string, 'https://portal.coppertone.test/auth/login');
      expect(url.origin, raw).toBe('https://portal.coppertone.test');
      expect(url.pathname.startsWith('//'), raw).toBe(false);
    }
  });

  it('refuses the sign-in pages and the API however they are spelled', () => {
    expect(safeNext('/%61uth/login')).toBeUndefined();
    expect(safeNext('/%2561pi/identity/logout')).toBeUndefined();
    expect(safeNext('/portal/%2e%2e/auth/login')).toBeUndefined();
  });

  it('refuses the sign-in pages, the API and nothing at all', () => {
    expect(safeNext('/auth/login?next=/portal')).toBeUndefined();
    expect(safeNext('/auth')).toBeUndefined();
    expect(safeNext('/api/identity/logout')).toBeUndefined();
    expect(safeNext('/dev/mailbox')).toBeUndefined();
    expect(safeNext('')).toBeUndefined();
    expect(safeNext(null)).toBeUndefined();
    expect(safeNext(`/${'a'.repeat(3000)}`)).toBeUndefined();
  });

  it('normalises dot segments before checking', () => {
    expect(safeNext('/portal/../auth/login')).toBeUndefined();
    expect(safeNext('/x/../staff')).toBe('/staff');
  });

  it('does not treat look-alike paths as the sign-in area', () => {
    expect(safeNext('/authors')).toBe('/authors');
  });
});

describe('landing pages', () => {
  it('sends clients to the portal and staff or admins to the staff workspace', () => {
    expect(landingFor({ role: 'client' })).toBe('/portal');
    expect(landingFor({ role: 'staff' })).toBe('/staff');
    expect(landingFor({ role: 'admin' })).toBe('/staff');
  });

  it('prefers a safe next path', () => {
    expect(destinationFor({ role: 'client' }, '/account')).toBe('/account');
    expect(destinationFor({ role: 'staff' }, '//evil.example')).toBe('/staff');
    expect(destinationFor({ role: 'client' }, null)).toBe('/portal');
  });
});

describe('loginUrl', () => {
  it('carries a safe path back as next', () => {
    expect(loginUrl('/staff?tab=people')).toBe('/auth/login?next=%2Fstaff%3Ftab%3Dpeople');
    expect(loginUrl('https://evil.example')).toBe('/auth/login');
    expect(loginUrl()).toBe('/auth/login');
  });
});

describe('isAppPath', () => {
  it('tells client-rendered areas from static pages', () => {
    expect(isAppPath('/portal')).toBe(true);
    expect(isAppPath('/staff?x=1')).toBe(true);
    expect(isAppPath('/auth/login')).toBe(true);
    expect(isAppPath('/account#password')).toBe(true);
    expect(isAppPath('/')).toBe(false);
    expect(isAppPath('/contact')).toBe(false);
    expect(isAppPath('/portalx')).toBe(false);
  });
});
