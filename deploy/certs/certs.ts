// The certificate tool of the edge: `renew` (run twice a day by systemd/coppertone-certs.timer;
// it decides whether a renewal is due), `status`, `bootstrap`. Settings: certs.env.example.

import { execFile } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect } from 'node:tls';
import { type CertFacts, certFacts, decide } from './decide.ts';
import { AcmeError, accountKey, describe, fetchDirectory, fetchRenewalWindow, issue } from './issue.ts';
import { type Sample, seconds, writeMetrics } from './metrics.ts';
import { readSettings, type Settings, SettingsError } from './settings.ts';
import { liveRelease, prune, readServed, switchTo, writeRelease } from './store.ts';

const USAGE = `usage: certs.ts <command> [--force]

  renew       obtain a certificate for every name when one is due (ARI window of the CA, else a third
              of the lifetime left), or none is served, or it is a placeholder, expired, or misses a
              name; put it in service atomically, reload the edge, check it is served; writes certs.prom
  renew --force   renew now whatever the decision
  status      the served certificate, its names and expiry, and the decision (changes nothing)
  bootstrap   write a self-signed placeholder when no certificate exists, so the edge can start and
              serve the first challenge (does nothing when one exists)

Settings (environment; on the server the EnvironmentFile of coppertone-certs.service):
  DOMAIN                 the site's domain (required)
  CERTS_NAMES            names under DOMAIN (default: @ www gitea matrix; @ is the apex)
  CERTS_STAGING_NAMES    more names under DOMAIN for staging (e.g. staging)
  ACME_DIRECTORY_URL     the CA (default: Let's Encrypt production)
  ACME_EMAIL             account contact (optional)
  CERTS_ACCOUNT_KEY      account key file, made 0600 on first use (default: CERTS_DIR/../acme-account.key)
  CERTS_DIR              the directory the edge mounts at /etc/nginx/tls (or TLS_CERT_DIR)
  CERTS_WEBROOT          host path of the edge's acme volume
  CERTS_CHECK_URL        the edge's HTTP port on this machine (default http://127.0.0.1:80)
  CERTS_EDGE_HTTPS       the edge's HTTPS port on this machine, to see the new certificate served
                         (default 127.0.0.1:443; empty: not checked)
  CERTS_RELOAD_COMMAND   reloads the edge gracefully, e.g. podman exec coppertone-production_edge_1 nginx -s reload
  CERTS_FILE_OWNER       uid:gid of the edge's nginx, owner of the key when run as root (default 101:101)
  NODE_EXPORTER_TEXTFILE_DIR   where certs.prom goes (optional)
Exit status: 0 done (renewed or not due), 1 failed (the served certificate is unchanged), 2 bad settings.`;

const started = Date.now();
const log = (line: string) => console.log(`${new Date().toISOString().slice(11, 19)} certs: ${line}`);

async function step<T>(name: string, run: () => Promise<T> | T): Promise<T> {
  const t0 = Date.now();
  log(`→ ${name}`);
  try {
    const result = await run();
    log(`✓ ${name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
    return result;
  } catch (error) {
    log(`✗ ${name} failed (after ${((Date.now() - t0) / 1000).toFixed(1)} s)`);
    throw error;
  }
}

function served(settings: Settings): CertFacts | null {
  const pair = readServed(settings.certDir);
  return pair ? certFacts(pair.fullchain) : null;
}

function expirySamples(cert: CertFacts | null, dueAt?: Date): Sample[] {
  if (!cert) return [];
  const samples: Sample[] = cert.names.map((name) => [
    `tls_certificate_not_after_seconds{name="${name}"}`,
    seconds(cert.notAfter),
  ]);
  if (dueAt) samples.push(['certs_renew_due_timestamp_seconds', seconds(dueAt)]);
  return samples;
}

function run(command: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile('/bin/sh', ['-c', command], { timeout: timeoutMs }, (error, stdout, stderr) => {
      if (error) reject(new Error(`'${command}' failed: ${(stderr || stdout || error.message).trim()}`));
      else resolve();
    });
  });
}

/** The SHA-256 fingerprint of the certificate the edge answers with for `name`. */
function servedFingerprint(hostPort: string, name: string): Promise<string> {
  const [host, port] = hostPort.includes(':')
    ? [hostPort.replace(/:\d+$/, ''), Number(hostPort.split(':').pop())]
    : [hostPort, 443];
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port, servername: name, rejectUnauthorized: false, timeout: 5000 }, () => {
      const fingerprint = socket.getPeerCertificate().fingerprint256;
      socket.end();
      resolve(fingerprint);
    });
    socket.on('timeout', () => socket.destroy(new Error('no TLS answer within 5 s')));
    socket.on('error', reject);
  });
}

/** Waits (at most 30 s: a reload lets old workers finish first) until every name is served the new certificate. */
async function waitServed(settings: Settings, fingerprint: string): Promise<void> {
  if (!settings.edgeHttps) return log('CERTS_EDGE_HTTPS is empty: not checking what the edge serves');
  const deadline = Date.now() + 30_000;
  for (const name of settings.names) {
    let last = '';
    for (;;) {
      try {
        last = await servedFingerprint(settings.edgeHttps, name);
        if (last === fingerprint) break;
      } catch (error) {
        last = describe(error);
      }
      if (Date.now() > deadline) {
        throw new Error(
          `the edge at ${settings.edgeHttps} still serves another certificate for ${name} after 30 s (${last})`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

/** One run at a time (the timer and an operator): a lock directory holding the owner's pid. */
function lock(certDir: string): () => void {
  mkdirSync(certDir, { recursive: true, mode: 0o755 });
  const dir = join(certDir, '.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      mkdirSync(dir);
      writeFileSync(join(dir, 'pid'), String(process.pid));
      return () => rmSync(dir, { recursive: true, force: true });
    } catch {
      const pid = Number(existsSync(join(dir, 'pid')) ? readFileSync(join(dir, 'pid'), 'utf8') : 0);
      let alive = false;
      try {
        alive = pid > 0 && process.kill(pid, 0);
      } catch {}
      if (alive) throw new Error(`another renewal (pid ${pid}) is running: ${dir}`);
      rmSync(dir, { recursive: true, force: true }); // left by a run that was killed
    }
  }
  throw new Error(`cannot take the lock ${dir}`);
}

async function renew(settings: Settings, force: boolean): Promise<void> {
  const unlock = lock(settings.certDir);
  try {
    log(`names: ${settings.names.join(', ')}; CA ${settings.directoryUrl}`);
    const current = served(settings);
    if (current)
      log(
        `served: ${current.names.join(', ')}, valid ${current.notBefore.toISOString()} – ${current.notAfter.toISOString()}`,
      );
    const directory = await step('ACME directory', () => fetchDirectory(settings.directoryUrl));
    const window = current && !current.selfSigned ? await fetchRenewalWindow(directory, current.ariId, log) : null;
    const decision = decide({ cert: current, wanted: settings.names, now: new Date(), window, force });
    log(`decision: ${decision.renew ? 'renew' : 'keep'} — ${decision.reason}`);
    if (!decision.renew) {
      writeMetrics(settings.textfileDir, [...expirySamples(current, decision.dueAt), ...success()]);
      return;
    }
    const key = await step('account key', () => accountKey(settings.accountKeyFile));
    const pair = await step(`order for ${settings.names.length} names (http-01 via ${settings.webroot})`, () =>
      issue({
        directoryUrl: settings.directoryUrl,
        accountKey: key,
        accountKeyFile: settings.accountKeyFile,
        email: settings.email,
        names: settings.names,
        webroot: settings.webroot,
        checkUrl: settings.checkUrl,
        replaces: directory.renewalInfo && current && !current.selfSigned ? current.ariId : null,
        log,
      }),
    );
    const fresh = certFacts(pair.fullchain);
    const release = await step('write the new pair beside the served one', () =>
      writeRelease(settings.certDir, pair.fullchain, pair.key, settings.fileOwner),
    );
    const previous = liveRelease(settings.certDir);
    await step(`put ${release} in service`, () => switchTo(settings.certDir, release));
    try {
      if (settings.reloadCommand) {
        const command = settings.reloadCommand;
        await step('reload the edge', () => run(command, 60_000));
      } else log('CERTS_RELOAD_COMMAND is not set: the edge reads the new files at its next start');
      if (settings.reloadCommand)
        await step('check the edge serves it', () => waitServed(settings, fresh.fingerprint256));
    } catch (error) {
      if (previous) {
        switchTo(settings.certDir, previous);
        log(`switched back to ${previous}`);
        if (settings.reloadCommand) await run(settings.reloadCommand, 60_000).catch(() => undefined);
      }
      throw error;
    }
    const removed = prune(settings.certDir, settings.keepReleases);
    if (removed.length > 0) log(`removed old releases: ${removed.join(', ')}`);
    const after = decide({ cert: fresh, wanted: settings.names, now: new Date() });
    log(`renewed: ${fresh.names.join(', ')}, valid until ${fresh.notAfter.toISOString()}; ${after.reason}`);
    writeMetrics(settings.textfileDir, [
      ...expirySamples(fresh, after.dueAt),
      ...success(),
      ['certs_renew_last_renewal_timestamp_seconds', seconds(new Date())],
    ]);
  } finally {
    unlock();
  }
}

function success(): Sample[] {
  const now = seconds(new Date());
  return [
    ['certs_renew_last_status', 1],
    ['certs_renew_last_run_timestamp_seconds', now],
    ['certs_renew_last_success_timestamp_seconds', now],
  ];
}

function status(settings: Settings): void {
  const current = served(settings);
  if (!current) {
    console.log(`no certificate in ${settings.certDir}`);
    return;
  }
  const decision = decide({ cert: current, wanted: settings.names, now: new Date() });
  console.log(`names      ${current.names.join(', ')}`);
  console.log(`valid      ${current.notBefore.toISOString()} – ${current.notAfter.toISOString()}`);
  console.log(`serial     ${current.serialHex}${current.selfSigned ? ' (self-signed placeholder)' : ''}`);
  console.log(`release    ${liveRelease(settings.certDir) ?? '(plain files)'}`);
  console.log(`decision   ${decision.renew ? 'renew' : 'keep'} — ${decision.reason} (without the CA's ARI window)`);
}

/** A self-signed placeholder (1 day) made by openssl, so that nginx can start before the first order. */
async function bootstrap(settings: Settings): Promise<void> {
  if (readServed(settings.certDir)) return log(`a certificate exists in ${settings.certDir}: nothing to do`);
  const tmp = join(settings.certDir, `.bootstrap.${process.pid}`);
  mkdirSync(tmp, { recursive: true, mode: 0o700 });
  try {
    const san = settings.names.map((name) => `DNS:${name}`).join(',');
    await run(
      `openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 -subj '/CN=${settings.domain}' ` +
        `-addext 'subjectAltName=${san}' -keyout '${tmp}/privkey.pem' -out '${tmp}/fullchain.pem' 2>&1`,
      30_000,
    );
    const release = writeRelease(
      settings.certDir,
      readFileSync(join(tmp, 'fullchain.pem'), 'utf8'),
      readFileSync(join(tmp, 'privkey.pem'), 'utf8'),
      settings.fileOwner,
    );
    switchTo(settings.certDir, release);
    log(`wrote a self-signed placeholder for ${settings.names.join(', ')} (${release}); run renew once the edge is up`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const command = args.find((arg) => !arg.startsWith('-'));
  if (args.includes('--help') || args.includes('-h') || !command) {
    console.log(USAGE);
    return command || args.includes('--help') || args.includes('-h') ? 0 : 2;
  }
  let settings: Settings;
  try {
    settings = readSettings();
  } catch (error) {
    if (error instanceof SettingsError) {
      console.error(`certs: FAILED: ${error.message}`);
      return 2;
    }
    throw error;
  }
  try {
    if (command === 'renew') await renew(settings, args.includes('--force'));
    else if (command === 'status') status(settings);
    else if (command === 'bootstrap') await bootstrap(settings);
    else {
      console.error(`certs: unknown command '${command}' (renew, status, bootstrap; see --help)`);
      return 2;
    }
    if (command === 'renew') log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return 0;
  } catch (error) {
    const kind = error instanceof AcmeError ? 'ACME failure' : 'renewal failed';
    console.error(`${new Date().toISOString().slice(11, 19)} certs: FAILED: ${kind}: ${describe(error)}`);
    console.error('certs: the served certificate is unchanged; a rerun starts over');
    if (command === 'renew') {
      const now = seconds(new Date());
      let current: CertFacts | null = null;
      try {
        current = served(settings);
      } catch {}
      writeMetrics(settings.textfileDir, [
        ...expirySamples(current),
        ['certs_renew_last_status', 0],
        ['certs_renew_last_run_timestamp_seconds', now],
        ['certs_renew_last_failure_timestamp_seconds', now],
      ]);
    }
    return 1;
  }
}

process.exitCode = await main();
// acme-client's HTTP agent keeps sockets open; the answer is complete.
closeSync(openSync('/dev/null', 'r'));
