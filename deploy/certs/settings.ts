// The renewal tool's settings, from the environment (on the server: the EnvironmentFile of
// systemd/coppertone-certs.service, see certs.env.example). Read once; every problem is listed.

import { join } from 'node:path';

export interface Settings {
  domain: string;
  /** Every DNS name the certificate covers, the apex first. */
  names: string[];
  directoryUrl: string;
  email: string | null;
  accountKeyFile: string;
  certDir: string;
  webroot: string;
  /** Where the edge's HTTP port answers on this machine (the challenge self-check). */
  checkUrl: string;
  /** host:port of the edge's HTTPS port on this machine (to see the new certificate served), or null. */
  edgeHttps: string | null;
  reloadCommand: string | null;
  /** uid:gid the edge's nginx runs as (it reads the key): the files are chowned to it when run as root. */
  fileOwner: { uid: number; gid: number } | null;
  textfileDir: string | null;
  keepReleases: number;
}

export const LETS_ENCRYPT = 'https://acme-v02.api.letsencrypt.org/directory';
const HOSTNAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$/;
const LABELS = /^(@|[a-z0-9]([a-z0-9.-]*[a-z0-9])?)$/;

export class SettingsError extends Error {}

function list(value: string | undefined, fallback: string): string[] {
  return (value ?? fallback)
    .split(/[\s,]+/)
    .map((entry) => entry.trim().toLowerCase())
    .filter(Boolean);
}

export function readSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const problems: string[] = [];
  const domain = (env.DOMAIN ?? '').trim().toLowerCase().replace(/\.$/, '');
  if (!domain) problems.push("DOMAIN is not set: the site's domain, e.g. coppertonetech.com");
  else if (!HOSTNAME.test(domain))
    problems.push(`DOMAIN '${env.DOMAIN}' is not a domain name (e.g. coppertonetech.com)`);

  // Names relative to DOMAIN: `@` is the apex, `www` is www.DOMAIN, `staging` is staging.DOMAIN.
  const relative = [...list(env.CERTS_NAMES, '@ www gitea matrix'), ...list(env.CERTS_STAGING_NAMES, '')];
  const names: string[] = [];
  for (const label of relative) {
    if (!LABELS.test(label)) {
      problems.push(`CERTS_NAMES/CERTS_STAGING_NAMES: '${label}' is not a name under DOMAIN (use @, www, staging…)`);
      continue;
    }
    const name = label === '@' ? domain : `${label}.${domain}`;
    if (!names.includes(name)) names.push(name);
  }
  if (relative.length === 0) problems.push('CERTS_NAMES is empty: name at least @ (the apex)');

  const directoryUrl = env.ACME_DIRECTORY_URL || LETS_ENCRYPT;
  if (!/^https:\/\/[^/\s]+/.test(directoryUrl))
    problems.push(`ACME_DIRECTORY_URL '${directoryUrl}' is not an https:// URL`);

  const certDir = env.CERTS_DIR || env.TLS_CERT_DIR || '';
  if (!certDir)
    problems.push(
      'CERTS_DIR is not set: the directory the edge reads fullchain.pem and privkey.pem from (TLS_CERT_DIR)',
    );
  const webroot = env.CERTS_WEBROOT || '';
  if (!webroot) {
    problems.push(
      "CERTS_WEBROOT is not set: the host path of the edge's acme volume (podman volume inspect --format '{{.Mountpoint}}' <project>_acme)",
    );
  }

  let fileOwner: Settings['fileOwner'] = null;
  const owner = env.CERTS_FILE_OWNER ?? '101:101';
  if (owner !== '') {
    const match = /^(\d+):(\d+)$/.exec(owner);
    if (!match) problems.push(`CERTS_FILE_OWNER '${owner}' is not uid:gid (the edge's nginx is 101:101)`);
    else fileOwner = { uid: Number(match[1]), gid: Number(match[2]) };
  }

  const keep = Number(env.CERTS_KEEP_RELEASES ?? '3');
  if (!Number.isInteger(keep) || keep < 2)
    problems.push('CERTS_KEEP_RELEASES must be an integer ≥ 2 (the served and the previous)');

  if (problems.length > 0) {
    throw new SettingsError(`settings:\n  - ${problems.join('\n  - ')}\n(see deploy/certs/certs.env.example)`);
  }
  return {
    domain,
    names,
    directoryUrl,
    email: env.ACME_EMAIL || null,
    accountKeyFile: env.CERTS_ACCOUNT_KEY || join(certDir, '..', 'acme-account.key'),
    certDir,
    webroot,
    checkUrl: (env.CERTS_CHECK_URL || 'http://127.0.0.1:80').replace(/\/$/, ''),
    edgeHttps: env.CERTS_EDGE_HTTPS === '' ? null : env.CERTS_EDGE_HTTPS || '127.0.0.1:443',
    reloadCommand: env.CERTS_RELOAD_COMMAND || null,
    fileOwner,
    textfileDir: env.NODE_EXPORTER_TEXTFILE_DIR || null,
    keepReleases: keep,
  };
}
