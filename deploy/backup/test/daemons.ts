// The real servers the backup tests talk to, each on 127.0.0.1 with its own port, files and PID:
// s3rver (an S3 stand-in; over TLS only — over plain HTTP it corrupts restic's chunked uploads)
// with a certificate from a CA made here, and OpenSSH's sshd for an SFTP repository.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../../packages/db/src/testing/cluster.ts';

const ROOT = join(import.meta.dirname, '..', '..', '..');

export interface Daemon {
  port: number;
  pid: number;
  stop(): void;
}

function waitForPort(port: number, child: ChildProcess, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      if (child.exitCode !== null) return reject(new Error(`${what} exited (${child.exitCode}) before listening`));
      const s = connect(port, '127.0.0.1');
      s.once('connect', () => {
        s.destroy();
        resolve();
      });
      s.once('error', () => {
        s.destroy();
        if (Date.now() > deadline)
          reject(new Error(`${what} not listening on 127.0.0.1:${port} after ${timeoutMs} ms`));
        else setTimeout(attempt, 100);
      });
    };
    attempt();
  });
}

function stopper(child: ChildProcess): () => void {
  return () => {
    if (child.exitCode === null && child.pid) {
      try {
        process.kill(child.pid, 'SIGTERM');
      } catch {}
    }
  };
}

/** A CA and a server certificate for 127.0.0.1 signed by it (made per run, never stored). */
export function makeCertificates(dir: string): { ca: string; cert: string; key: string } {
  mkdirSync(dir, { recursive: true });
  const f = (n: string) => join(dir, n);
  const ssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'pipe', timeout: 30_000 });
  ssl(
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-days',
    '1',
    '-subj',
    '/CN=backup test CA',
    '-keyout',
    f('ca.key'),
    '-out',
    f('ca.pem'),
  );
  ssl(
    'req',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-subj',
    '/CN=127.0.0.1',
    '-keyout',
    f('server.key'),
    '-out',
    f('server.csr'),
  );
  writeFileSync(f('ext.cnf'), 'subjectAltName = IP:127.0.0.1, DNS:localhost\nextendedKeyUsage = serverAuth\n');
  ssl(
    'x509',
    '-req',
    '-in',
    f('server.csr'),
    '-CA',
    f('ca.pem'),
    '-CAkey',
    f('ca.key'),
    '-CAcreateserial',
    '-days',
    '1',
    '-extfile',
    f('ext.cnf'),
    '-out',
    f('server.pem'),
  );
  return { ca: f('ca.pem'), cert: f('server.pem'), key: f('server.key') };
}

/** s3rver over TLS with one bucket; its default credentials are S3RVER / S3RVER. */
export async function startS3rver(dir: string, tls: { cert: string; key: string }, bucket: string): Promise<Daemon> {
  const port = await freePort();
  mkdirSync(join(dir, 'data'), { recursive: true });
  const child = spawn(
    process.execPath,
    [
      join(ROOT, 'node_modules', 's3rver', 'bin', 's3rver.js'),
      '-d',
      join(dir, 'data'),
      '-a',
      '127.0.0.1',
      '-p',
      String(port),
      '--key',
      tls.key,
      '--cert',
      tls.cert,
      '--configure-bucket',
      bucket,
      '--silent',
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  await waitForPort(port, child, 's3rver');
  return { port, pid: child.pid as number, stop: stopper(child) };
}

export interface Sshd extends Daemon {
  /** A directory with an `ssh` that uses this server's client settings: put it first on PATH. */
  binDir: string;
  /** The ssh host alias restic's sftp backend connects to. */
  host: string;
}

/** sshd on 127.0.0.1 in the foreground (-D), key-only login for the current user, SFTP enabled. */
export async function startSshd(dir: string): Promise<Sshd> {
  const port = await freePort();
  mkdirSync(join(dir, 'bin'), { recursive: true });
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const f = (n: string) => join(dir, n);
  const keygen = (file: string) =>
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', file], { stdio: 'pipe', timeout: 30_000 });
  keygen(f('host_key'));
  keygen(f('client_key'));
  execFileSync('cp', [f('client_key.pub'), f('authorized_keys')]);
  chmodSync(f('authorized_keys'), 0o600);
  const user = userInfo().username;
  writeFileSync(
    f('sshd_config'),
    [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${f('host_key')}`,
      `PidFile ${f('sshd.pid')}`,
      `AuthorizedKeysFile ${f('authorized_keys')}`,
      'StrictModes no', // the test's files live under /tmp
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'PermitRootLogin prohibit-password',
      'UsePAM no',
      'Subsystem sftp internal-sftp',
      'LogLevel ERROR',
      '',
    ].join('\n'),
  );
  writeFileSync(
    f('ssh_config'),
    [
      'Host backup-sftp',
      '  HostName 127.0.0.1',
      `  Port ${port}`,
      `  User ${user}`,
      `  IdentityFile ${f('client_key')}`,
      '  IdentitiesOnly yes',
      '  StrictHostKeyChecking no',
      '  UserKnownHostsFile /dev/null',
      '  LogLevel ERROR',
      '  ConnectTimeout 10',
      '  BatchMode yes',
      // nothing listens on the discard port: an unreachable SFTP server, whatever runs on 22
      'Host backup-sftp-closed',
      '  HostName 127.0.0.1',
      '  Port 9',
      '  BatchMode yes',
      '  ConnectTimeout 10',
      '',
    ].join('\n'),
  );
  writeFileSync(join(dir, 'bin', 'ssh'), `#!/bin/sh\nexec /usr/bin/ssh -F ${f('ssh_config')} "$@"\n`, { mode: 0o755 });
  const child = spawn('/usr/sbin/sshd', ['-D', '-e', '-f', f('sshd_config')], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  await waitForPort(port, child, 'sshd');
  return { port, pid: child.pid as number, stop: stopper(child), binDir: join(dir, 'bin'), host: 'backup-sftp' };
}
