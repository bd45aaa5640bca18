import { defineConfig, devices } from '@playwright/test';
import { ACCOUNTS } from './tests/accounts';

// The release server on a fresh SQLite database, started by Playwright, which
// waits for /healthz before the first test. Set JALONS_E2E_BASE_URL to test a
// server you started yourself (e.g. `cargo leptos watch`).
const port = process.env.JALONS_E2E_PORT ?? '3111';
const external = process.env.JALONS_E2E_BASE_URL;
const baseURL = external ?? `http://127.0.0.1:${port}`;
const database = 'target/e2e/jalons.db';

export default defineConfig({
  testDir: './tests',
  // Signs in once per role and keeps each session for the tests.
  globalSetup: './tests/global-setup.ts',
  fullyParallel: true,
  forbidOnly: true,
  retries: 0,
  workers: process.env.CI ? 2 : undefined,
  reporter: [['list']],
  timeout: 30_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL,
    trace: 'retain-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: {
          // Debian's Chromium: Playwright's own browser download is not reachable here.
          executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
          args: [
            '--headless',
            '--no-sandbox',
            '--disable-gpu',
            '--disable-quic',
            '--no-first-run',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
          ],
        },
      },
    },
  ],
  webServer: external
    ? undefined
    : {
        // The demo dataset and one account per role (see tests/accounts.ts).
        command:
          `rm -f ${database} ${database}-wal ${database}-shm && mkdir -p target/e2e && ` +
          `J="target/release/jalons --database-url sqlite://${database}" && $J demo load && ` +
          ACCOUNTS.map(
            (a) =>
              `printf '%s\\n' '${a.password}' | $J user add --email ${a.email} ` +
              `--name '${a.name}' --role ${a.role} --password-stdin >/dev/null`,
          ).join(' && ') +
          // Warnings and errors only: the request lines would drown the report.
          ` && RUST_LOG=warn exec $J serve --addr 127.0.0.1:${port}`,
        cwd: '..',
        url: `${baseURL}/healthz`,
        reuseExistingServer: false,
        timeout: 120_000,
        stdout: 'ignore',
        stderr: 'pipe',
      },
});
