// When to renew: by the CA's ACME Renewal Information (ARI, RFC 9773) when its directory offers
// it, else when a third of the certificate's lifetime is left. Never on a fixed number of days:
// Let's Encrypt lifetimes shrink (90 → 64 days in 2027, 45 in 2028), and ARI lets the CA ask for an
// early renewal (a revocation, an incident) that no calendar rule would notice.

import { createHash, X509Certificate } from 'node:crypto';

export interface CertFacts {
  notBefore: Date;
  notAfter: Date;
  /** DNS names of the subjectAltName extension. */
  names: string[];
  /** The placeholder written by `certs bootstrap` (issuer = subject) or any other self-signed one. */
  selfSigned: boolean;
  serialHex: string;
  fingerprint256: string;
  /** RFC 9773 certificate identifier, when the certificate has an Authority Key Identifier. */
  ariId: string | null;
}

export interface RenewalWindow {
  start: Date;
  end: Date;
}

export interface Decision {
  renew: boolean;
  reason: string;
  /** When the renewal is (or was) due; absent when there is no certificate to judge. */
  dueAt?: Date;
}

/** Reads the leaf (first certificate) of a PEM chain. */
export function certFacts(pem: string): CertFacts {
  const cert = new X509Certificate(pem);
  const names = (cert.subjectAltName ?? '')
    .split(', ')
    .filter((entry) => entry.startsWith('DNS:'))
    .map((entry) => entry.slice(4).toLowerCase());
  const aki = authorityKeyId(cert.raw);
  return {
    notBefore: new Date(cert.validFrom),
    notAfter: new Date(cert.validTo),
    names,
    selfSigned: cert.issuer === cert.subject && cert.checkIssued(cert),
    serialHex: cert.serialNumber,
    fingerprint256: cert.fingerprint256,
    ariId: aki ? ariCertId(aki, cert.serialNumber) : null,
  };
}

/**
 * RFC 9773 §4.1: base64url(keyIdentifier of the Authority Key Identifier) "." base64url(the DER
 * content bytes of the serial number), both without padding.
 */
export function ariCertId(authorityKeyIdentifier: Buffer, serialHex: string): string {
  let hex = serialHex.replace(/[^0-9a-f]/gi, '');
  if (hex.length % 2 === 1) hex = `0${hex}`;
  let serial = Buffer.from(hex, 'hex');
  // A DER INTEGER is signed: a positive serial whose first bit is set carries a leading zero byte.
  if (serial.length > 0 && (serial[0] ?? 0) >= 0x80) serial = Buffer.concat([Buffer.from([0]), serial]);
  return `${authorityKeyIdentifier.toString('base64url')}.${serial.toString('base64url')}`;
}

/** The keyIdentifier of the Authority Key Identifier extension (OID 2.5.29.35) of a DER certificate. */
export function authorityKeyId(der: Buffer): Buffer | null {
  const oid = Buffer.from([0x06, 0x03, 0x55, 0x1d, 0x23]);
  let at = der.indexOf(oid);
  if (at < 0) return null;
  at += oid.length;
  if (der[at] === 0x01) at += 2 + (der[at + 1] ?? 0); // critical flag (BOOLEAN), rare here
  if (der[at] !== 0x04) return null; // extnValue OCTET STRING
  at = skipHeader(der, at);
  if (der[at] !== 0x30) return null; // AuthorityKeyIdentifier SEQUENCE
  at = skipHeader(der, at);
  if (der[at] !== 0x80) return null; // [0] keyIdentifier
  const length = der[at + 1] ?? 0;
  if (length === 0 || length >= 0x80) return null;
  return der.subarray(at + 2, at + 2 + length);
}

function skipHeader(der: Buffer, at: number): number {
  const first = der[at + 1] ?? 0;
  return first < 0x80 ? at + 2 : at + 2 + (first & 0x7f);
}

/**
 * The one point in an ARI window at which this certificate is renewed. RFC 9773 asks for a random
 * point, so that clients spread out; derived from the serial number, it is the same at every run of
 * the timer (a fresh random point at each run would renew early, at the first run inside the window).
 */
export function pointInWindow(window: RenewalWindow, serialHex: string): Date {
  const start = window.start.getTime();
  const span = Math.max(0, window.end.getTime() - start);
  const fraction = createHash('sha256').update(serialHex).digest().readUInt32BE(0) / 2 ** 32;
  return new Date(start + Math.floor(span * fraction));
}

export function decide(options: {
  cert: CertFacts | null;
  wanted: string[];
  now: Date;
  window?: RenewalWindow | null;
  force?: boolean;
}): Decision {
  const { cert, wanted, now, window, force } = options;
  if (!cert) return { renew: true, reason: 'no certificate yet' };
  const missing = wanted.filter((name) => !cert.names.includes(name));
  if (missing.length > 0) return { renew: true, reason: `the certificate does not cover ${missing.join(', ')}` };
  if (cert.selfSigned) return { renew: true, reason: 'the certificate is a self-signed placeholder' };
  if (now >= cert.notAfter) {
    return { renew: true, reason: `the certificate expired at ${cert.notAfter.toISOString()}`, dueAt: cert.notAfter };
  }
  let dueAt: Date;
  let rule: string;
  if (window) {
    dueAt = pointInWindow(window, cert.serialHex);
    rule = `the CA's renewal window ${window.start.toISOString()} – ${window.end.toISOString()} (ARI)`;
  } else {
    const lifetime = cert.notAfter.getTime() - cert.notBefore.getTime();
    dueAt = new Date(cert.notAfter.getTime() - lifetime / 3);
    rule = 'a third of its lifetime left';
  }
  if (force) return { renew: true, reason: `forced (due at ${dueAt.toISOString()} by ${rule})`, dueAt };
  if (now >= dueAt) return { renew: true, reason: `due since ${dueAt.toISOString()} by ${rule}`, dueAt };
  return { renew: false, reason: `not due: renews at ${dueAt.toISOString()} by ${rule}`, dueAt };
}
