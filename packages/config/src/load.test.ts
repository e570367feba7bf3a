import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { baseConfigFields, listenHost, requireProductionServices } from './base.ts';
import { ConfigError, loadConfig } from './load.ts';

const schema = z.object(baseConfigFields).superRefine(requireProductionServices);

describe('loadConfig', () => {
  it('applies defaults for a bare development environment', () => {
    const cfg = loadConfig(schema, {});
    expect(cfg.PORT).toBe(8080);
    expect(cfg.NODE_ENV).toBe('development');
    expect(cfg.DATABASE_URL).toBeUndefined();
  });

  it('treats empty strings as unset', () => {
    expect(loadConfig(schema, { DATABASE_URL: '' }).DATABASE_URL).toBeUndefined();
  });

  it('reports every bad variable at once, each by name', () => {
    let error: unknown;
    try {
      loadConfig(schema, {
        PORT: 'eighty',
        DATABASE_URL: 'mysql://x',
        LOG_LEVEL: 'loud',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toHaveLength(3);
    expect(problems.join('\n')).toMatch(/^PORT: /m);
    expect(problems.join('\n')).toMatch(/^DATABASE_URL: must be a URL starting with postgres:/m);
    expect(problems.join('\n')).toMatch(/^LOG_LEVEL: /m);
  });

  it('requires a real database and mail server in production', () => {
    expect(() => loadConfig(schema, { NODE_ENV: 'production' })).toThrow(/DATABASE_URL: is required[\s\S]*SMTP_URL/);
  });

  it('parses flags', () => {
    expect(loadConfig(schema, { TRUST_PROXY: 'yes' }).TRUST_PROXY).toBe(true);
    expect(() => loadConfig(schema, { TRUST_PROXY: 'maybe' })).toThrow(ConfigError);
  });

  it('listens on this machine only in demo mode, unless HOST says otherwise', () => {
    const host = (env: Record<string, string>) => listenHost(loadConfig(schema, env));
    const db = 'postgres://app@db:5432/app';
    const smtp = 'smtp://mail:587';
    expect(host({})).toBe('127.0.0.1'); // embedded database and dev mailbox
    expect(host({ DATABASE_URL: db })).toBe('127.0.0.1'); // dev mailbox
    expect(host({ SMTP_URL: smtp })).toBe('127.0.0.1'); // embedded database with the demo logins
    expect(host({ DATABASE_URL: db, SMTP_URL: smtp })).toBe('0.0.0.0');
    expect(host({ NODE_ENV: 'production', DATABASE_URL: db, SMTP_URL: smtp })).toBe('0.0.0.0');
    expect(host({ HOST: '0.0.0.0' })).toBe('0.0.0.0');
    expect(host({ HOST: '192.0.2.10', DATABASE_URL: db, SMTP_URL: smtp })).toBe('192.0.2.10');
  });
});
