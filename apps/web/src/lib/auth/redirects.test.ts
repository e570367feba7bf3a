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
