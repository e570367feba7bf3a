// Alert delivery end to end on 127.0.0.1, with the real programs: Prometheus 2.42 evaluates the
// real rule files plus one test rule, Alertmanager 0.25 runs the configuration rendered from the
// real template (render.sh; only timings, the SMTP login and secret paths changed for the test), and
// the Matrix receiver is services/alerts/src/main.ts, as on the server. A recording server stands in
// for the Matrix homeserver (PUT /_matrix/client/v3/rooms/{room}/send/m.room.message/{txnId}),
// another for the dead man's switch, the e2e fake SMTP server for the mail server.
// Run by deploy/monitoring/test/alerts.sh, sequentially: each test builds on the previous one.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { type FakeSmtp, startFakeSmtp } from '@coppertone/stand-ins/smtp';
import { parse, stringify } from 'yaml';
import {
  type Daemon,
  MetricsServer,
  type Recorded,
  RecordingServer,
  ROOT,
  startDaemon,
  waitFor,
  waitHttp,
} from './daemons.ts';

const MONITORING = join(ROOT, 'deploy', 'monitoring');
const BASE = Number(process.env.MONITOR_TEST_PORT_BASE ?? 20310);
const PORTS = {
  prometheus: BASE,
  alertmanager: BASE + 1,
  receiver: BASE + 2,
  matrix: BASE + 3,
  deadman: BASE + 4,
  exporter: BASE + 5,
  smtp: BASE + 6,
};
const ROOM = '!alerts:coppertone.test';
const RUNBOOK_BASE = 'https://gitea.coppertone.test/coppertone/platform/src/branch/main';
const WAIT_MS = 60_000;

// Made per run, never printed: the bot's access token and the token Alertmanager presents.
const accessToken = `syt_${randomBytes(18).toString('base64url')}`;
const webhookToken = randomBytes(24).toString('base64url');

const dir = mkdtempSync(join(tmpdir(), 'coppertone-alerts-'));
const daemons: Daemon[] = [];
let matrixUp = true;
const matrix = new RecordingServer(PORTS.matrix, (r) =>
  r.method === 'PUT'
    ? { status: 200, body: { event_id: `$event${Date.now()}` } }
    : { status: 404, body: { errcode: 'M_UNRECOGNIZED' } },
);
const deadman = new RecordingServer(PORTS.deadman, () => ({ status: 200, body: 'OK' }));
const exporter = new MetricsServer(PORTS.exporter);
let smtp: FakeSmtp;

/** The messages the room got, parsed; only PUTs to the message-send path of ROOM count. */
function roomMessages(): {
  rec: Recorded;
  body: { msgtype: string; body: string; format: string; formatted_body: string };
}[] {
  const prefix = `/_matrix/client/v3/rooms/${encodeURIComponent(ROOM)}/send/m.room.message/`;
  return matrix.requests
    .filter((r) => r.method === 'PUT' && r.path.startsWith(prefix))
    .map((rec) => ({ rec, body: JSON.parse(rec.body) }));
}

function setFiring(phases: string[]): void {
  exporter.text = [
    '# TYPE delivery_test_fire gauge',
    ...(phases.length === 0
      ? ['delivery_test_fire{phase="none"} 0']
      : phases.map((p) => `delivery_test_fire{phase="${p}"} 1`)),
    '',
  ].join('\n');
}

async function alertmanagerFailedWebhooks(): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${PORTS.alertmanager}/metrics`)).text();
  const line = text
    .split('\n')
    .find((l) => l.startsWith('alertmanager_notifications_failed_total{integration="webhook"}'));
  return Number(line?.split(' ')[1] ?? 0);
}

function render(): string {
  // The real template through the real render script...
  const out = join(dir, 'alertmanager.rendered.yml');
  execFileSync(join(MONITORING, 'alertmanager', 'render.sh'), [out], {
    env: {
      ...process.env,
      ALERTS_RECEIVER_URL: `http://127.0.0.1:${PORTS.receiver}/alerts`,
      ALERTMANAGER_DEADMANS_SWITCH_URL: `http://127.0.0.1:${PORTS.deadman}/ping/deadman-check`,
      ALERTS_EMAIL_TO: 'oncall@coppertone.test',
      ALERTS_EMAIL_FROM: 'Coppertone alerts <alerts@coppertone.test>',
      SMTP_SMARTHOST: `127.0.0.1:${PORTS.smtp}`,
      SMTP_USERNAME: 'alerts',
    },
    stdio: 'pipe',
    timeout: 60_000,
  });
  // ...then what a test needs changed: seconds instead of minutes, the test SMTP server (no TLS,
  // no login), the token file in the temp directory.
  const config = parse(readFileSync(out, 'utf8'));
  config.global.smtp_require_tls = false;
  delete config.global.smtp_auth_username;
  delete config.global.smtp_auth_password_file;
  Object.assign(config.route, { group_wait: '1s', group_interval: '2s', repeat_interval: '1h' });
  for (const route of config.route.routes) {
    Object.assign(
      route,
      route.receiver === 'deadmans-switch'
        ? { group_wait: '0s', group_interval: '1s', repeat_interval: '2s' }
        : { group_interval: '2s' },
    );
  }
  for (const receiver of config.receivers) {
    for (const hook of receiver.webhook_configs ?? []) {
      if (hook.http_config?.authorization) hook.http_config.authorization.credentials_file = join(dir, 'webhook-token');
    }
  }
  const file = join(dir, 'alertmanager.yml');
  writeFileSync(file, stringify(config));
  execFileSync('amtool', ['check-config', file], { stdio: 'pipe', timeout: 30_000 });
  return file;
}

function prometheusConfig(): string {
  // The real file's labels and alert relabelling; targets and timings of the test.
  const real = parse(readFileSync(join(MONITORING, 'prometheus.yml'), 'utf8'));
  const testRules = join(dir, 'delivery-test.rules.yml');
  writeFileSync(
    testRules,
    stringify({
      groups: [
        {
          name: 'delivery-test',
          rules: [
            {
              alert: 'DeliveryTest',
              expr: 'delivery_test_fire > 0',
              labels: { severity: 'critical' },
              annotations: {
                summary: 'Delivery test alert ({{ $labels.phase }})',
                description: 'Fired by the delivery test to prove the path to the room.',
                runbook_url: 'docs/runbooks/TargetDown.md',
              },
            },
          ],
        },
      ],
    }),
  );
  const config = {
    global: { scrape_interval: '1s', evaluation_interval: '1s', external_labels: real.global.external_labels },
    rule_files: [join(MONITORING, 'rules', '*.yml'), testRules],
    alerting: {
      alert_relabel_configs: real.alerting.alert_relabel_configs,
      alertmanagers: [{ static_configs: [{ targets: [`127.0.0.1:${PORTS.alertmanager}`] }] }],
    },
    scrape_configs: [
      {
        job_name: 'delivery_test',
        relabel_configs: [{ target_label: 'env', replacement: 'production' }],
        static_configs: [{ targets: [`127.0.0.1:${PORTS.exporter}`] }],
      },
    ],
  };
  const file = join(dir, 'prometheus.yml');
  writeFileSync(file, stringify(config));
  execFileSync('promtool', ['check', 'config', file], { stdio: 'pipe', timeout: 60_000 });
  return file;
}

before(async () => {
  writeFileSync(join(dir, 'access-token'), accessToken, { mode: 0o600 });
  writeFileSync(join(dir, 'webhook-token'), webhookToken, { mode: 0o600 });
  setFiring([]);
  await Promise.all([matrix.start(), deadman.start(), exporter.start()]);
  smtp = await startFakeSmtp(PORTS.smtp);

  daemons.push(
    startDaemon(
      'receiver',
      process.execPath,
      [join(ROOT, 'services', 'alerts', 'src', 'main.ts')],
      join(dir, 'receiver.log'),
      {
        PORT: String(PORTS.receiver),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'debug',
        MATRIX_HOMESERVER_URL: `http://127.0.0.1:${PORTS.matrix}`,
        MATRIX_ROOM_ID: ROOM,
        MATRIX_ACCESS_TOKEN_FILE: join(dir, 'access-token'),
        MATRIX_TIMEOUT_MS: '3000',
        ALERTS_WEBHOOK_TOKEN_FILE: join(dir, 'webhook-token'),
        ALERTS_RUNBOOK_BASE_URL: RUNBOOK_BASE,
        SMTP_URL: `smtp://127.0.0.1:${PORTS.smtp}`,
        ALERTS_EMAIL_TO: 'oncall@coppertone.test',
        SMTP_TIMEOUT_MS: '3000',
      },
    ),
  );
  mkdirSync(join(dir, 'am'));
  daemons.push(
    startDaemon(
      'alertmanager',
      'prometheus-alertmanager',
      [
        `--config.file=${render()}`,
        `--storage.path=${join(dir, 'am')}`,
        `--web.listen-address=127.0.0.1:${PORTS.alertmanager}`,
        '--cluster.listen-address=',
      ],
      join(dir, 'alertmanager.log'),
    ),
  );
  daemons.push(
    startDaemon(
      'prometheus',
      'prometheus',
      [
        `--config.file=${prometheusConfig()}`,
        `--storage.tsdb.path=${join(dir, 'prom')}`,
        `--web.listen-address=127.0.0.1:${PORTS.prometheus}`,
        '--rules.alert.resend-delay=1s',
      ],
      join(dir, 'prometheus.log'),
    ),
  );
  await Promise.all([
    waitHttp(`http://127.0.0.1:${PORTS.receiver}/healthz`, WAIT_MS),
    waitHttp(`http://127.0.0.1:${PORTS.alertmanager}/-/ready`, WAIT_MS),
    waitHttp(`http://127.0.0.1:${PORTS.prometheus}/-/ready`, WAIT_MS),
  ]);
});

after(async () => {
  await Promise.all(daemons.map((d) => d.stop()));
  await Promise.all([matrix.stop(), deadman.stop(), exporter.stop(), smtp?.close()]);
  if (process.env.MONITOR_TEST_KEEP === '1') console.log(`kept ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
});

test('a firing alert arrives in the room with its text, as the bot, in readable plain and HTML form', {
  timeout: 90_000,
}, async () => {
  setFiring(['first']);
  const msg = await waitFor('the firing alert in the room', WAIT_MS, () =>
    roomMessages().find((m) => m.body.body.includes('FIRING') && m.body.body.includes('Delivery test alert (first)')),
  );
  assert.equal(msg.rec.authorization, `Bearer ${accessToken}`, 'the bot access token from its file');
  assert.match(msg.rec.path, /\/send\/m\.room\.message\/am-[0-9a-f]{32}$/);
  assert.equal(msg.body.msgtype, 'm.text');
  assert.equal(msg.body.format, 'org.matrix.custom.html');
  assert.match(msg.body.body, /^🔥 FIRING critical \[1\] DeliveryTest \(env=production\)/);
  assert.ok(msg.body.body.includes('Fired by the delivery test to prove the path to the room.'), msg.body.body);
  assert.ok(
    msg.body.formatted_body.includes(`<a href="${RUNBOOK_BASE}/docs/runbooks/TargetDown.md">runbook</a>`),
    msg.body.formatted_body,
  );
});

test("the Watchdog reaches the dead man's switch on its own route, and never the room", {
  timeout: 90_000,
}, async () => {
  const ping = await waitFor('a Watchdog ping', WAIT_MS, () =>
    deadman.requests.find(
      (r) => r.method === 'POST' && r.path === '/ping/deadman-check' && r.body.includes('"alertname":"Watchdog"'),
    ),
  );
  assert.ok(ping);
  assert.equal(roomMessages().filter((m) => /\] Watchdog/.test(m.body.body)).length, 0);
});

test('its resolution arrives in the room', { timeout: 90_000 }, async () => {
  setFiring([]);
  const msg = await waitFor('the resolution in the room', WAIT_MS, () =>
    roomMessages().find(
      (m) => m.body.body.includes('✅ RESOLVED') && m.body.body.includes('Delivery test alert (first)'),
    ),
  );
  assert.match(msg.body.body, /^✅ RESOLVED critical \[1\] DeliveryTest \(env=production\)/);
  assert.match(msg.body.body, /resolved \d{4}-\d\d-\d\d \d\d:\d\d UTC/);
});

test('with the homeserver down, the alert arrives by e-mail instead', { timeout: 90_000 }, async () => {
  await matrix.stop();
  matrixUp = false;
  const before = roomMessages().length;
  setFiring(['fallback']);
  const mail = await waitFor('the fallback e-mail', WAIT_MS, () =>
    smtp.messages.find((m) => m.text.includes('Delivery test alert (fallback)')),
  );
  assert.equal(mail.to, 'oncall@coppertone.test');
  assert.match(mail.subject, /^\[alert\] 🔥 FIRING critical \[1\] DeliveryTest \(env=production\)/);
  assert.ok(mail.html.includes('<b>Delivery test alert (fallback)</b>'), mail.html);
  assert.equal(roomMessages().length, before, 'nothing reached the stopped homeserver');
  assert.equal(await alertmanagerFailedWebhooks(), 0, 'the receiver took it (e-mail), so Alertmanager saw no failure');
});

test('with the homeserver and the mail server down, Alertmanager retries until the room is back', {
  timeout: 120_000,
}, async () => {
  await smtp.close();
  setFiring(['fallback', 'retry']);
  await waitFor('a failed webhook delivery counted by Alertmanager', WAIT_MS, async () =>
    (await alertmanagerFailedWebhooks()) > 0 ? true : undefined,
  );
  await matrix.start();
  matrixUp = true;
  const msg = await waitFor('the retried alert in the room', WAIT_MS, () =>
    roomMessages().find((m) => m.body.body.includes('Delivery test alert (retry)')),
  );
  assert.match(msg.body.body, /FIRING critical \[2\] DeliveryTest/);
});

test('no token of the run appears in any log', () => {
  assert.ok(matrixUp);
  for (const d of daemons) {
    const log = readFileSync(d.log, 'utf8');
    assert.ok(!log.includes(accessToken), `${d.name} logged the bot access token`);
    assert.ok(!log.includes(webhookToken), `${d.name} logged the webhook token`);
  }
  const receiverLog = readFileSync(join(dir, 'receiver.log'), 'utf8');
  assert.match(receiverLog, /notification posted to the room/);
  assert.match(receiverLog, /notification e-mailed instead/);
});
