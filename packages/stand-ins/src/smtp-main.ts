// The fake SMTP server as a process of its own (the `fakes` container of the test stack):
// `node packages/stand-ins/src/smtp-main.ts`. It takes mail on SMTP_PORT (2525) and shows what it got, in the
// dev-mailbox shape, at `GET /mailbox.json` on HTTP_PORT (8025) — what E2E_MAILBOX_URL points at.
// `DELETE /mailbox.json` empties it; `/healthz` answers for the container's health check.
import { createServer as createHttpServer } from 'node:http';
import { connect, createServer as createTcpServer, type Socket } from 'node:net';
import { startFakeSmtp } from './smtp.ts';

const smtpPort = Number(process.env.SMTP_PORT ?? 2525);
const httpPort = Number(process.env.HTTP_PORT ?? 8025);
const host = process.env.HOST ?? '0.0.0.0';

// startFakeSmtp listens on loopback only (what tests on one machine want); other containers reach
// it through this relay on the container's own address.
const smtp = await startFakeSmtp(0);
const relay = createTcpServer((client: Socket) => {
  const upstream = connect(smtp.port, '127.0.0.1');
  client.pipe(upstream).pipe(client);
  const close = () => {
    client.destroy();
    upstream.destroy();
  };
  client.on('error', close);
  upstream.on('error', close);
});
await new Promise<void>((resolve) => relay.listen(smtpPort, host, resolve));

const http = createHttpServer((req, res) => {
  const path = new URL(req.url ?? '/', 'http://fakes').pathname;
  if (path === '/healthz') {
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok","service":"fakes"}');
  } else if (path === '/mailbox.json' && req.method === 'GET') {
    res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    // The dev-mailbox shape: attachments by name, type and size, without their bytes.
    res.end(JSON.stringify(smtp.messages.map(({ files: _files, ...entry }) => entry)));
  } else if (path === '/mailbox.json' && req.method === 'DELETE') {
    smtp.messages.length = 0;
    res.writeHead(204).end();
  } else {
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: { code: 'not_found', message: `No route for ${req.method} ${path}.` } }));
  }
});
await new Promise<void>((resolve) => http.listen(httpPort, host, resolve));
process.stdout.write(
  `${JSON.stringify({ msg: 'fake SMTP listening', smtp: smtpPort, http: httpPort, mailbox: '/mailbox.json' })}\n`,
);

const stop = () => {
  relay.close();
  http.close();
  void smtp.close().then(() => process.exit(0));
  setTimeout(() => process.exit(0), 2000).unref();
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
