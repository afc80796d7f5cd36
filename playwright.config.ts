import { defineConfig, devices } from '@playwright/test';
import { unsupportedNode } from './scripts/lib/node-version';

// The runner, and through the PATH the web server it starts, run on the project's Node line.
const tooOld = unsupportedNode();
if (tooOld) throw new Error(tooOld);

const chromium = process.env.PLAYWRIGHT_CHROMIUM_PATH ?? '/usr/bin/chromium';
const port = Number(process.env.E2E_PORT ?? 3100);

export default defineConfig({
  testDir: 'e2e',
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  // Every page is also checked with axe, and some tests walk many pages: generous limits.
  timeout: 90_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? 'list' : [['list']],
  use: {
    baseURL: `http://localhost:${port}`,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: chromium,
      args: [
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
  projects: [
    { name: 'chromium', use: { ...devices['Desktop Chrome'] } },
    // After every browser test: checks over what the whole run left behind.
    { name: 'after-e2e', testMatch: /.*\.teardown\.ts/, dependencies: ['chromium'] },
  ],
  webServer: {
    // Serves the production build; `npm run test:e2e` builds it first.
    command: 'node_modules/.bin/tsx --conditions=react-server scripts/serve-e2e.ts',
    url: `http://localhost:${port}/api/health`,
    timeout: 120_000,
    reuseExistingServer: false,
    // SIGTERM lets serve-e2e stop the app, the emulator and an embedded PostgreSQL in order (the
    // default SIGKILL of the process group left PostgreSQL's shared memory behind for the next step).
    gracefulShutdown: { signal: 'SIGTERM', timeout: 30_000 },
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
