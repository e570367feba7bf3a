// What the edge proxies to in its test (deploy/nginx/test/run.sh), each on the address the test's
// DNS gives its name and on the port the edge's configuration uses:
// - identity, work, contact, billing: function apps built by the real shared library
//   (`createFunctionApp` via testFunctionApp: its security headers, HSTS included, request ids,
//   error contract, 64 KB body limit, same-origin check) with a few routes the test calls;
// - gitea: answers like a third-party app, with no security header at all (the edge's floor must
//   add them);
// - synapse: echoes the request line it received, so the test sees whether the edge passed the
//   path unnormalised;
// - grafana (a stand-in: Grafana does not install here): echoes the request line and the headers
//   Grafana builds its links, cookies and WebSocket from, and whether a password came along.
// The web upstream is the real web image's nginx (web.conf), started by the test itself.
// Usage: node upstreams.ts IDENTITY_IP WORK_IP CONTACT_IP BILLING_IP GITEA_IP SYNAPSE_IP GRAFANA_IP
import { createServer } from 'node:http';
import { AppError, listen } from '@coppertone/http';
import { testFunctionApp } from '@coppertone/http/testing';

const [identityIp, workIp, contactIp, billingIp, giteaIp, synapseIp, grafanaIp] = process.argv.slice(2);
if (!identityIp || !workIp || !contactIp || !billingIp || !giteaIp || !synapseIp || !grafanaIp) {
  console.error('usage: upstreams.ts IDENTITY_IP WORK_IP CONTACT_IP BILLING_IP GITEA_IP SYNAPSE_IP GRAFANA_IP');
  process.exit(64);
}
const publicUrl = 'https://coppertone.test';

const identity = testFunctionApp({ name: 'identity', publicUrl });
// Fast stand-ins for what costs a hash or a mail in the real function: the edge's limits are
// what is under test.
for (const path of ['/login', '/register', '/confirm/resend', '/password/forgot', '/password/reset']) {
  identity.post(path, () => {
    throw new AppError('unauthenticated', 'Wrong e-mail or password.');
  });
}
identity.get('/session', (c) => c.json({ user: null }));

const work = testFunctionApp({ name: 'work', publicUrl });
work.get('/projects', (c) => c.json({ items: [], description: 'x'.repeat(4096) }));
work.get('/busy', () => {
  throw new AppError('rate_limited', 'Too many requests.', { headers: { 'retry-after': '30' } });
});

const contact = testFunctionApp({ name: 'contact', publicUrl });
contact.post('/messages', (c) => c.json({ status: 'received' }, 202));

const billing = testFunctionApp({ name: 'billing', publicUrl, originExempt: (path) => path.startsWith('/webhooks/') });
billing.post('/webhooks/stripe', (c) => c.json({ received: true }));

await Promise.all([
  listen(identity, { host: identityIp, port: 8080 }),
  listen(work, { host: workIp, port: 8080 }),
  listen(contact, { host: contactIp, port: 8080 }),
  listen(billing, { host: billingIp, port: 8080 }),
]);

const gitea = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  res.end('<!doctype html><title>Gitea</title><p>Gitea</p>');
});
const synapse = createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ requestLine: `${req.method} ${req.url}` }));
});
const grafana = createServer((req, res) => {
  const h = req.headers;
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(
    JSON.stringify({
      requestLine: `${req.method} ${req.url}`,
      host: h.host ?? '',
      forwardedProto: h['x-forwarded-proto'] ?? '',
      forwardedFor: h['x-forwarded-for'] ?? '',
      forwardedHost: h['x-forwarded-host'] ?? '',
      upgrade: h.upgrade ?? '',
      connection: h.connection ?? '',
      authorization: h.authorization ? 'sent' : 'none',
    }),
  );
});
await Promise.all([
  new Promise<void>((done) => gitea.listen(3000, giteaIp, done)),
  new Promise<void>((done) => synapse.listen(8008, synapseIp, done)),
  new Promise<void>((done) => grafana.listen(3000, grafanaIp, done)),
]);
console.log('upstreams: listening');
