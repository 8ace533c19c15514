import { defineConfig, devices } from '@playwright/test';
import { E2E_ADMIN_EMAIL, E2E_ADMIN_PASSWORD, E2E_TOKEN, STORAGE_STATE } from './support/auth.js';

/** Port of the server started for the run; override with E2E_PORT when 4173 is taken. */
const port = Number(process.env.E2E_PORT ?? 4173);
// One queue prefix per run, set once in the main process (workers inherit it), so the global teardown
// can remove exactly this run's Redis keys.
process.env.E2E_QUEUE_PREFIX ??= `e2e-${process.pid}-${Date.now()}`;

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  fullyParallel: false,
  // Specs share one server and one SQLite file; each creates its own flows, so two workers are safe.
  workers: 2,
  retries: 0,
  forbidOnly: Boolean(process.env.CI),
  reporter: process.env.CI
    ? [['list']]
    : [['list'], ['html', { open: 'never', outputFolder: '../playwright-report' }]],
  outputDir: '../test-results',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  use: {
    ...devices['Desktop Chrome'],
    baseURL: `http://127.0.0.1:${port}`,
    // Pages are signed in by the session cookie the global setup saved (and send its CSRF token, as a
    // browser does); set-up calls use the separate token context of support/fixtures.ts.
    storageState: STORAGE_STATE,
    viewport: { width: 1440, height: 900 },
    headless: true,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    // Debian's chromium: never a downloaded browser build.
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
      ],
    },
  },
  globalSetup: './global-setup.ts',
  globalTeardown: './global-teardown.ts',
  webServer: {
    command: 'node e2e/start-server.mjs',
    cwd: '..',
    url: `http://127.0.0.1:${port}/readyz`,
    reuseExistingServer: false,
    timeout: 60_000,
    // Unset, Playwright SIGKILLs the server's process group, and start-server.mjs never removes the
    // run's data directory, PostgreSQL schema and Redis keys: SIGTERM lets it drain and clean up.
    gracefulShutdown: { signal: 'SIGTERM', timeout: 15_000 },
    stdout: 'pipe',
    stderr: 'pipe',
    env: {
      E2E_PORT: String(port),
      E2E_QUEUE_PREFIX: process.env.E2E_QUEUE_PREFIX,
      SCOREFLOW_BOOTSTRAP_TOKEN: E2E_TOKEN,
      SCOREFLOW_ADMIN_EMAIL: E2E_ADMIN_EMAIL,
      SCOREFLOW_ADMIN_PASSWORD: E2E_ADMIN_PASSWORD,
    },
  },
});
