// The certificate directory the edge mounts at /etc/nginx/tls:
//   releases/<time>/{fullchain.pem,privkey.pem}   each issued pair, written and synced before use
//   live -> releases/<time>                       switched by one rename (atomic)
//   fullchain.pem -> live/fullchain.pem           the names nginx reads
//   privkey.pem -> live/privkey.pem
// Relative links that stay inside the directory, so they resolve inside the container too. A new
// pair never replaces the served files in place: until `live` is renamed, the old pair is what any
// reload reads, and a failure leaves it there.

import { createPrivateKey, X509Certificate } from 'node:crypto';
import {
  chownSync,
  closeSync,
  existsSync,
  fsyncSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';

export interface Owner {
  uid: number;
  gid: number;
}

export function readServed(certDir: string): { fullchain: string; key: string } | null {
  const chain = join(certDir, 'fullchain.pem');
  const key = join(certDir, 'privkey.pem');
  if (!existsSync(chain) || !existsSync(key)) return null;
  return { fullchain: readFileSync(chain, 'utf8'), key: readFileSync(key, 'utf8') };
}

export function liveRelease(certDir: string): string | null {
  try {
    return readlinkSync(join(certDir, 'live'));
  } catch {
    return null;
  }
}

/** Refuses a pair whose key is not the certificate's, or a chain that does not parse. */
export function checkPair(fullchain: string, key: string): void {
  const leaf = new X509Certificate(fullchain);
  if (!leaf.checkPrivateKey(createPrivateKey(key)))
    throw new Error('the private key does not belong to the certificate');
}

function writeSynced(file: string, text: string, mode: number, owner: Owner | null): void {
  const fd = openSync(file, 'wx', mode);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  if (owner && process.getuid?.() === 0) chownSync(file, owner.uid, owner.gid);
}

function syncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Replaces `link` by a symlink to `target` in one rename. */
function pointLink(link: string, target: string): void {
  const tmp = `${link}.${process.pid}.tmp`;
  rmSync(tmp, { force: true });
  symlinkSync(target, tmp);
  renameSync(tmp, link);
}

/**
 * Writes a new pair as a release (not served yet) and returns its name. The key is readable by its
 * owner only (the edge's user, when run as root).
 */
export function writeRelease(certDir: string, fullchain: string, key: string, owner: Owner | null): string {
  checkPair(fullchain, key);
  const releases = join(certDir, 'releases');
  mkdirSync(releases, { recursive: true, mode: 0o755 });
  const name = new Date()
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  let release = name;
  for (let n = 1; existsSync(join(releases, release)); n++) release = `${name}-${n}`;
  const dir = join(releases, release);
  mkdirSync(dir, { mode: 0o750 });
  if (owner && process.getuid?.() === 0) chownSync(dir, owner.uid, owner.gid);
  writeSynced(join(dir, 'fullchain.pem'), fullchain, 0o644, owner);
  writeSynced(join(dir, 'privkey.pem'), key, 0o600, owner);
  syncDir(dir);
  return `releases/${release}`;
}

/**
 * Makes `release` the served pair. A directory still holding plain files (set up by hand, or by
 * another client) is moved into releases/initial first, so it can be switched back to.
 */
export function switchTo(certDir: string, release: string): void {
  const files = ['fullchain.pem', 'privkey.pem'];
  for (const file of files) {
    const path = join(certDir, file);
    if (kind(path) === 'file') {
      const initial = join(certDir, 'releases', 'initial');
      mkdirSync(initial, { recursive: true, mode: 0o755 });
      renameSync(path, join(initial, file));
    }
  }
  pointLink(join(certDir, 'live'), release);
  for (const file of files) {
    const path = join(certDir, file);
    if (kind(path) !== 'link' || readlinkSync(path) !== `live/${file}`) pointLink(path, `live/${file}`);
  }
  syncDir(certDir);
}

function kind(path: string): 'none' | 'link' | 'file' {
  try {
    return lstatSync(path).isSymbolicLink() ? 'link' : 'file';
  } catch {
    return 'none';
  }
}

/** Removes the oldest releases, never the served one or the one before it. */
export function prune(certDir: string, keep: number): string[] {
  const releases = join(certDir, 'releases');
  if (!existsSync(releases)) return [];
  const live = liveRelease(certDir);
  const all = readdirSync(releases)
    .filter((name) => name !== 'initial')
    .sort();
  const removable = all.slice(0, Math.max(0, all.length - keep)).filter((name) => `releases/${name}` !== live);
  for (const name of removable) rmSync(join(releases, name), { recursive: true, force: true });
  return removable;
}
