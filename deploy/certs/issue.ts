// One ACME order for every name, by HTTP-01 through the edge's webroot: the token file is written
// into the acme volume the edge serves at /.well-known/acme-challenge/, checked through the edge on
// this machine (so a broken edge fails here, not as a failed validation counted by the CA's rate
// limits), then the CA is asked to validate. The protocol itself is acme-client's.

import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { dirname, join } from 'node:path';
import * as acme from 'acme-client';
import type { RenewalWindow } from './decide.ts';

const HTTP_TIMEOUT_MS = 30_000;
acme.axios.defaults.timeout = HTTP_TIMEOUT_MS;

export interface Directory {
  newOrder: string;
  renewalInfo?: string;
}

export async function fetchDirectory(url: string): Promise<Directory> {
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(HTTP_TIMEOUT_MS) });
  } catch (error) {
    throw new Error(`ACME directory ${url} unreachable: ${describe(error)}`);
  }
  if (!response.ok) throw new Error(`ACME directory ${url} answered ${response.status}`);
  const directory = (await response.json()) as Partial<Directory>;
  if (typeof directory.newOrder !== 'string')
    throw new Error(`ACME directory ${url} has no newOrder: not an ACME directory`);
  return directory as Directory;
}

/** The CA's suggested renewal window (RFC 9773), or null when it offers none or does not answer. */
export async function fetchRenewalWindow(
  directory: Directory,
  ariId: string | null,
  log: (line: string) => void,
): Promise<RenewalWindow | null> {
  if (!directory.renewalInfo) {
    log('the CA offers no renewal information (ARI): the one-third rule decides');
    return null;
  }
  if (!ariId) {
    log('the certificate has no Authority Key Identifier: the one-third rule decides');
    return null;
  }
  try {
    const response = await fetch(`${directory.renewalInfo.replace(/\/$/, '')}/${ariId}`, {
      signal: AbortSignal.timeout(HTTP_TIMEOUT_MS),
    });
    if (!response.ok) throw new Error(`answered ${response.status}`);
    const body = (await response.json()) as {
      suggestedWindow?: { start?: string; end?: string };
      explanationURL?: string;
    };
    const start = new Date(body.suggestedWindow?.start ?? '');
    const end = new Date(body.suggestedWindow?.end ?? '');
    if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime()) || end < start)
      throw new Error('no valid suggestedWindow');
    if (body.explanationURL) log(`the CA explains its renewal window at ${body.explanationURL}`);
    return { start, end };
  } catch (error) {
    log(`renewal information (ARI) unavailable (${describe(error)}): the one-third rule decides`);
    return null;
  }
}

/** The account key: made on first use (ECDSA P-256), kept 0600, never printed. */
export async function accountKey(file: string): Promise<Buffer> {
  if (existsSync(file)) {
    if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
    return readFileSync(file);
  }
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const key = await acme.crypto.createPrivateEcdsaKey();
  writeFileSync(file, key, { mode: 0o600, flag: 'wx' });
  return key;
}

export interface IssueOptions {
  directoryUrl: string;
  accountKey: Buffer;
  accountKeyFile: string;
  email: string | null;
  names: string[];
  webroot: string;
  checkUrl: string;
  /** ARI: the certificate this one replaces (sent only to a CA that offers ARI). */
  replaces: string | null;
  log: (line: string) => void;
}

export class AcmeError extends Error {}

export async function issue(options: IssueOptions): Promise<{ fullchain: string; key: string }> {
  const { names, webroot, log } = options;
  const clientOptions = {
    directoryUrl: options.directoryUrl,
    accountKey: options.accountKey,
    // Polls the CA every 1 s at first, at most every 10 s, for about a minute in all.
    backoffAttempts: 10,
    backoffMin: 1000,
    backoffMax: 10_000,
  };
  let client = new acme.Client(clientOptions);
  // The account's URL is kept beside its key: later runs sign with it directly instead of asking
  // newAccount again (which, for an existing account, becomes an update some CAs refuse when empty).
  const urlFile = `${options.accountKeyFile}.url`;
  if (existsSync(urlFile)) {
    client = new acme.Client({ ...clientOptions, accountUrl: readFileSync(urlFile, 'utf8').trim() });
  } else {
    await acmeStep('account', () =>
      client.createAccount({
        termsOfServiceAgreed: true,
        ...(options.email ? { contact: [`mailto:${options.email}`] } : {}),
      }),
    );
    writeFileSync(urlFile, `${client.getAccountUrl()}\n`, { mode: 0o600 });
  }
  const order = await acmeStep('new order', () =>
    client.createOrder({
      identifiers: names.map((value) => ({ type: 'dns', value })),
      ...(options.replaces ? { replaces: options.replaces } : {}),
    } as acme.Order & { identifiers: { type: string; value: string }[] }),
  );
  const authorizations = await acmeStep('authorizations', () => client.getAuthorizations(order));
  const challengeDir = join(webroot, '.well-known', 'acme-challenge');
  mkdirSync(challengeDir, { recursive: true, mode: 0o755 });
  const pending = authorizations.filter((authz) => {
    if (authz.status === 'valid') log(`${authz.identifier.value}: already authorised`);
    return authz.status !== 'valid';
  });
  const files: string[] = [];
  try {
    // Every token in place and served before the CA is asked, then all validated side by side.
    const challenges = [];
    for (const authz of pending) {
      const name = authz.identifier.value;
      const challenge = authz.challenges.find((c) => c.type === 'http-01');
      if (!challenge) throw new AcmeError(`${name}: the CA offers no http-01 challenge`);
      const keyAuthorization = await client.getChallengeKeyAuthorization(challenge);
      const token = (challenge as { token: string }).token;
      const file = join(challengeDir, token);
      writeFileSync(file, keyAuthorization, { mode: 0o644 });
      files.push(file);
      await selfCheck(options.checkUrl, name, token, keyAuthorization);
      challenges.push({ name, challenge });
    }
    await Promise.all(
      challenges.map(({ name, challenge }) =>
        acmeStep(`http-01 challenge for ${name}`, async () => {
          await client.completeChallenge(challenge);
          await client.waitForValidStatus(challenge);
          log(`${name}: validated by the CA (http-01)`);
        }),
      ),
    );
  } finally {
    for (const file of files) rmSync(file, { force: true });
  }
  const [key, csr] = await acme.crypto.createCsr(
    { commonName: names[0], altNames: names },
    await acme.crypto.createPrivateEcdsaKey(),
  );
  const finalized = await acmeStep('finalize', () => client.finalizeOrder(order, csr));
  const fullchain = await acmeStep('download', () => client.getCertificate(finalized));
  return { fullchain, key: key.toString() };
}

async function acmeStep<T>(what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    const message = describe(error);
    const hint = /rateLimited|rate limit|too many/i.test(message)
      ? ' (rate limited by the CA: retry after the time it names)'
      : '';
    throw new AcmeError(`ACME ${what} failed${hint}: ${message}`);
  }
}

/** Fetches the token through the edge on this machine, as the CA will (Host: the name). */
function selfCheck(base: string, name: string, token: string, expected: string): Promise<void> {
  const url = new URL(`${base}/.well-known/acme-challenge/${token}`);
  return new Promise((resolve, reject) => {
    const fail = (why: string) =>
      reject(
        new AcmeError(
          `${name}: the challenge file is not served by the edge at ${url.origin} (${why}): is the edge running and its acme volume CERTS_WEBROOT?`,
        ),
      );
    const req = request(url, { headers: { host: name }, timeout: 10_000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () => {
        if (res.statusCode !== 200) fail(`answered ${res.statusCode}`);
        else if (body.trim() !== expected) fail('answered other content');
        else resolve();
      });
    });
    req.on('timeout', () => req.destroy(new Error('no answer within 10 s')));
    req.on('error', (error) => fail(describe(error)));
    req.end();
  });
}

export function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: unknown }).cause;
    return cause instanceof Error ? `${error.message}: ${cause.message}` : error.message;
  }
  return String(error);
}
