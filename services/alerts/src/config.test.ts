import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readAlertsConfig } from './config.ts';

const dir = mkdtempSync(join(tmpdir(), 'alerts-config-'));
const tokenFile = join(dir, 'token');
writeFileSync(tokenFile, 'bot-token-for-this-test\n');

const valid = {
  MATRIX_HOMESERVER_URL: 'http://synapse:8008',
  MATRIX_ROOM_ID: '!alerts:coppertone.test',
  MATRIX_ACCESS_TOKEN_FILE: tokenFile,
  SMTP_URL: 'smtp://mail.test:587',
  ALERTS_EMAIL_TO: 'ops@coppertone.test, oncall@coppertone.test',
};

describe('readAlertsConfig', () => {
  it('reads the token from its file and splits the addresses', () => {
    const c = readAlertsConfig(valid);
    expect(c.matrix.accessToken).toBe('bot-token-for-this-test');
    expect(c.mail?.to).toEqual(['ops@coppertone.test', 'oncall@coppertone.test']);
  });

  it('names every setting that is missing or wrong (the compose file defaults them to "unset")', () => {
    expect(() => readAlertsConfig({ ...valid, MATRIX_ROOM_ID: 'unset', ALERTS_EMAIL_TO: 'unset' })).toThrow(
      /MATRIX_ROOM_ID: must be a room id[\s\S]*ALERTS_EMAIL_TO: must be e-mail addresses/,
    );
    expect(() => readAlertsConfig({ ...valid, MATRIX_ACCESS_TOKEN_FILE: undefined })).toThrow(
      /MATRIX_ACCESS_TOKEN_FILE/,
    );
    expect(() => readAlertsConfig({ ...valid, ALERTS_EMAIL_TO: undefined })).toThrow(
      /needs both SMTP_URL and ALERTS_EMAIL_TO/,
    );
    expect(() => readAlertsConfig({ ...valid, MATRIX_ACCESS_TOKEN_FILE: join(dir, 'missing') })).toThrow(
      /MATRIX_ACCESS_TOKEN_FILE: cannot read/,
    );
  });
});

describe('readAlertsConfig with nothing set', () => {
  it('lists every required setting at once', () => {
    let message = '';
    try {
      readAlertsConfig({});
    } catch (err) {
      message = (err as Error).message;
    }
    for (const name of ['MATRIX_HOMESERVER_URL', 'MATRIX_ROOM_ID: required', 'MATRIX_ACCESS_TOKEN_FILE']) {
      expect(message).toContain(name);
    }
  });
});
