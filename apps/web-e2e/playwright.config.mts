import { defineConfig, devices } from '@playwright/test';
import { resolve } from 'node:path';

/**
 * End-to-end journeys in Debian's Chromium against the real API, which also serves the built
 * web app from dist/apps/web/browser on the same port (same origin, as in production, so the
 * strict CSP and the cookie rules are exercised too). `nx e2e web-e2e` builds web and api first.
 */
const workspaceRoot = resolve(import.meta.dirname, '../..');
// E2E_PORT lets two checkouts (or two people) run the journeys side by side.
const port = Number(process.env['E2E_PORT'] ?? 4310);
const baseURL = `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: './src',
  outputDir: './test-results',
  // One in-memory API with per-account login throttling: tests run one after another.
  fullyParallel: false,
  workers: 1,
  // Signing in as the demo admin may wait up to 30 s for a TOTP step whose code was not used yet
  // (the API refuses a code twice), and some journeys sign in twice.
  timeout: 120_000,
  forbidOnly: !!process.env['CI'],
  retries: process.env['CI'] ? 1 : 0,
  reporter: [['list'], ['html', { outputFolder: 'playwright-report', open: 'never' }]],
  use: {
    baseURL,
    // The app writes dates in the browser's language (the clinic calendar); the journeys read
    // "14 Nov 2026", so the browser speaks en-GB whatever the machine's language.
    // (date-style.spec.ts switches to en-US.) Its zone stays the machine's, as the journeys
    // compute the times they type into the forms on the machine's clock.
    locale: 'en-GB',
    headless: true,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env['CHROME_PATH'] ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
  projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'] } }],
  webServer: {
    command: 'node dist/apps/api/main.js',
    cwd: workspaceRoot,
    url: `${baseURL}/api/health`,
    // Loopback webhook endpoints allowed (as in the API's tests): the journeys register one where nothing listens.
    env: {
      PORT: String(port),
      DATA_DIR: 'memory://',
      SEED_DEMO: 'true',
      HOST: '127.0.0.1',
      WEBHOOK_ALLOW_LOOPBACK: 'true',
    },
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
