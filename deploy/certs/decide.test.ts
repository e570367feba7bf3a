// The renewal decision and the ARI certificate identifier (node --test; run by deploy/certs/test.sh).
// Certificates are made by openssl, so the parsing is checked against real DER.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { ariCertId, type CertFacts, certFacts, decide, pointInWindow } from './decide.ts';

const day = 86_400_000;
const start = new Date('2027-01-01T00:00:00Z');
const names = ['example.org', 'www.example.org'];

function facts(lifetimeDays: number, extra: Partial<CertFacts> = {}): CertFacts {
  return {
    notBefore: start,
    notAfter: new Date(start.getTime() + lifetimeDays * day),
    names,
    selfSigned: false,
    serialHex: '0A1B2C',
    fingerprint256: 'AA',
    ariId: null,
    ...extra,
  };
}

test('one third: a 90-day certificate is kept until 60 days have passed, renewed after', () => {
  const cert = facts(90);
  assert.equal(decide({ cert, wanted: names, now: new Date(start.getTime() + 59 * day) }).renew, false);
  const due = decide({ cert, wanted: names, now: new Date(start.getTime() + 61 * day) });
  assert.equal(due.renew, true);
  assert.match(due.reason, /a third of its lifetime left/);
  assert.equal(due.dueAt?.getTime(), start.getTime() + 60 * day);
});

test('one third follows shorter lifetimes (45 days: renewed after 30, not at a fixed 60)', () => {
  const cert = facts(45);
  assert.equal(decide({ cert, wanted: names, now: new Date(start.getTime() + 29 * day) }).renew, false);
  assert.equal(decide({ cert, wanted: names, now: new Date(start.getTime() + 31 * day) }).renew, true);
});

test('an expired, self-signed or incomplete certificate is renewed at once; none at all too', () => {
  const now = new Date(start.getTime() + day);
  assert.match(decide({ cert: facts(0.5), wanted: names, now }).reason, /expired/);
  assert.match(decide({ cert: facts(90, { selfSigned: true }), wanted: names, now }).reason, /placeholder/);
  const missing = decide({ cert: facts(90), wanted: [...names, 'matrix.example.org'], now });
  assert.equal(missing.renew, true);
  assert.match(missing.reason, /does not cover matrix\.example\.org/);
  assert.equal(decide({ cert: null, wanted: names, now }).renew, true);
});

test('force renews a certificate that is not due', () => {
  const decision = decide({ cert: facts(90), wanted: names, now: new Date(start.getTime() + day), force: true });
  assert.equal(decision.renew, true);
  assert.match(decision.reason, /forced/);
});

test("ARI: the CA's window decides, even long before one third (an early renewal it asks for)", () => {
  const cert = facts(90);
  const window = { start: new Date(start.getTime() + 10 * day), end: new Date(start.getTime() + 11 * day) };
  const at = pointInWindow(window, cert.serialHex);
  assert.ok(at >= window.start && at <= window.end);
  assert.equal(decide({ cert, wanted: names, now: new Date(window.start.getTime() - 1), window }).renew, false);
  const due = decide({ cert, wanted: names, now: window.end, window });
  assert.equal(due.renew, true);
  assert.match(due.reason, /ARI/);
  // The same point at every run of the timer.
  assert.equal(pointInWindow(window, cert.serialHex).getTime(), at.getTime());
});

test('ARI certificate identifier: the example of RFC 9773 §4.1', () => {
  const aki = Buffer.from('69885B6B87464041E1B37B847BA0AE2CDE01C8D4', 'hex');
  assert.equal(ariCertId(aki, '87654321'), 'aYhba4dGQEHhs3uEe6CuLN4ByNQ.AIdlQyE');
  assert.equal(ariCertId(aki, '00:87:65:43:21'), 'aYhba4dGQEHhs3uEe6CuLN4ByNQ.AIdlQyE');
  assert.equal(ariCertId(aki, '7F01'), 'aYhba4dGQEHhs3uEe6CuLN4ByNQ.fwE');
});

const dir = mkdtempSync(join(tmpdir(), 'certs-decide-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('a certificate made by openssl: names, dates, issuer key id and serial read from its DER', () => {
  const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  run(
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-days',
    '2',
    '-subj',
    '/CN=test CA',
    '-keyout',
    'ca.key',
    '-out',
    'ca.pem',
  );
  run(
    'req',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-subj',
    '/CN=example.org',
    '-keyout',
    'leaf.key',
    '-out',
    'leaf.csr',
  );
  writeFileSync(join(dir, 'ext'), 'subjectAltName=DNS:example.org,DNS:www.example.org\nauthorityKeyIdentifier=keyid\n');
  run(
    'x509',
    '-req',
    '-in',
    'leaf.csr',
    '-CA',
    'ca.pem',
    '-CAkey',
    'ca.key',
    '-set_serial',
    '0x87654321',
    '-days',
    '30',
    '-extfile',
    'ext',
    '-out',
    'leaf.pem',
  );
  const cert = certFacts(readFileSync(join(dir, 'leaf.pem'), 'utf8'));
  assert.deepEqual(cert.names, names);
  assert.equal(cert.selfSigned, false);
  assert.equal(Math.round((cert.notAfter.getTime() - cert.notBefore.getTime()) / day), 30);
  const ski =
    run('x509', '-in', 'ca.pem', '-noout', '-ext', 'subjectKeyIdentifier').toString().split('\n')[1]?.trim() ?? '';
  const expected = `${Buffer.from(ski.replace(/:/g, ''), 'hex').toString('base64url')}.AIdlQyE`;
  assert.equal(cert.ariId, expected);
  const ca = certFacts(readFileSync(join(dir, 'ca.pem'), 'utf8'));
  assert.equal(ca.selfSigned, true);
});
