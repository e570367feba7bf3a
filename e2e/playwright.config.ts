import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig, devices } from '@playwright/test';

// E2E runs against a base URL from configuration: the all-in-one server started here by default, or
// any running deployment (the container stack) given as E2E_BASE_URL, with its mailbox as E2E_MAILBOX_URL.
const external = process.env.E2E_BASE_URL;
const port = Number(process.env.E2E_PORT ?? 8181);
const baseURL = external ?? `http://127.0.0.1:${port}`;
// Every log line of the server started here, searched for secrets when the run ends (log-scan.ts).
process.env.E2E_LOG_CAPTURE_FILE ??= external ? '' : join(tmpdir(), `coppertone-e2e-server-${process.pid}.log`);

export default defineConfig({
  testDir: './tests',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  // One retry in CI: a journey that passes on its second run is reported as flaky, not hidden.
  retries: process.env.CI ? 1 : 0,
  reporter: process.env.CI
    ? [['list'], ['json', { outputFile: process.env.E2E_JSON ?? 'test-results/e2e.json' }]]
    : 'list',
  outputDir: 'test-results',
  globalTeardown: './log-scan.ts',
  use: {
    baseURL,
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
  projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'], channel: undefined } }],
  webServer: external
    ? undefined
    : {
        command: 'node ../apps/server/src/main.ts',
        url: `${baseURL}/readyz`,
        timeout: 120_000,
        reuseExistingServer: false,
        stdout: 'pipe',
        env: {
          PORT: String(port),
          PUBLIC_URL: baseURL,
          HOST: '127.0.0.1',
          LOG_LEVEL: 'warn',
          DATA_DIR: process.env.E2E_DATA_DIR ?? '../.data/e2e',
          LOG_CAPTURE_FILE: process.env.E2E_LOG_CAPTURE_FILE,
        },
      },
});
