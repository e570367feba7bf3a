import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig, devices, type PlaywrightTestConfig } from '@playwright/test';

// E2E runs against a base URL from configuration: by default two all-in-one servers started here,
// or any running deployment (the container stack) given as E2E_BASE_URL, with its mailbox as
// E2E_MAILBOX_URL.
const external = process.env.E2E_BASE_URL;

// Started here, the journeys run in two lanes at once, each in one worker against a server of its
// own (its own port, PGlite database with the demo data, mailbox and log): a lane sees only its own
// journeys' changes, in file order, as one worker on one server always did. Lane A takes the files
// slowest to walk, lane B the rest (a new file lands there): alone on an idle two-core machine 153 s
// and 175 s, both at once 282 s against 328 s one after the other.
const LANE_A = [
  'a11y.spec.ts',
  'auth.spec.ts',
  'colleagues.spec.ts',
  'inbox.spec.ts',
  'long-text.spec.ts',
  'notifications.spec.ts',
];
const port = Number(process.env.E2E_PORT ?? 8181);
const dataDir = process.env.E2E_DATA_DIR ?? '../.data/e2e';
// Every log line of the servers started here, searched for secrets when the run ends (log-scan.ts);
// named once, in the runner, for its workers too.
process.env.E2E_LOG_CAPTURE_FILES ??= external
  ? ''
  : ['a', 'b'].map((lane) => join(tmpdir(), `coppertone-e2e-server-${process.pid}-${lane}.log`)).join(',');
const logFiles = process.env.E2E_LOG_CAPTURE_FILES.split(',');
if (!external && logFiles.length !== 2) throw new Error('E2E_LOG_CAPTURE_FILES names two files, one per lane');
const lanes = [
  { name: 'chromium-a', port, files: { testMatch: LANE_A } },
  { name: 'chromium-b', port: Number(process.env.E2E_PORT_B ?? port + 1), files: { testIgnore: LANE_A } },
].map((lane, i) => ({
  ...lane,
  baseURL: `http://127.0.0.1:${lane.port}`,
  dataDir: join(dataDir, lane.name.slice(-1)),
  logFile: String(logFiles[i]),
}));

const chromium = { ...devices['Desktop Chrome'], channel: undefined };
const projects: PlaywrightTestConfig['projects'] = external
  ? [{ name: 'chromium', use: { ...chromium, baseURL: external } }]
  : lanes.map((lane) => ({ name: lane.name, workers: 1, ...lane.files, use: { ...chromium, baseURL: lane.baseURL } }));

export default defineConfig({
  testDir: './tests',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: projects.length,
  forbidOnly: !!process.env.CI,
  // One retry in CI: a journey that passes on its second run is reported as flaky, not hidden.
  retries: process.env.CI ? 1 : 0,
  reporter: process.env.CI
    ? [['list'], ['json', { outputFile: process.env.E2E_JSON ?? 'test-results/e2e.json' }]]
    : 'list',
  outputDir: 'test-results',
  globalTeardown: './log-scan.ts',
  use: {
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  projects,
  webServer: external
    ? undefined
    : lanes.map((lane) => ({
        command: 'node ../apps/server/src/main.ts',
        url: `${lane.baseURL}/readyz`,
        timeout: 120_000,
        reuseExistingServer: false,
        stdout: 'pipe' as const,
        env: {
          PORT: String(lane.port),
          PUBLIC_URL: lane.baseURL,
          HOST: '127.0.0.1',
          LOG_LEVEL: 'warn',
          DATA_DIR: lane.dataDir,
          LOG_CAPTURE_FILE: lane.logFile,
        },
      })),
});
