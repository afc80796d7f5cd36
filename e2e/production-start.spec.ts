// `npm run build && DATABASE_URL=… AUTH_SECRET=… STRIPE_MODE=emulator npm start` serves the
// production build: migrations applied at start, the emulator started because none answers,
// the worker running, the demo ribbon shown; SIGTERM stops it.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { dropDatabase, ensureDatabase, withDatabase } from '../scripts/lib/databases';
import { e2eDatabaseUrl } from '../scripts/lib/e2e-config';

const PORT = 3960;
const EMULATOR_DATA = `.data/start-smoke-${process.pid}.json`;

test('npm start serves the production build in emulator mode', async ({ page }) => {
  const server = e2eDatabaseUrl();
  await ensureDatabase(server, 'paydeck_start_smoke', { recreate: true });
  const child = spawn('npm', ['start'], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(PORT),
      DATABASE_URL: withDatabase(server, 'paydeck_start_smoke'),
      AUTH_SECRET: randomBytes(32).toString('base64url'),
      APP_ENCRYPTION_KEYS: `s1:${randomBytes(32).toString('base64')}`,
      APP_URL: `http://localhost:${PORT}`,
      STRIPE_MODE: 'emulator',
      STRIPE_EMULATOR_URL: 'http://127.0.0.1:12960',
      STRIPE_EMULATOR_DATA: EMULATOR_DATA,
    },
    detached: true,
    stdio: 'ignore',
  });
  const exited = new Promise((r) => child.once('exit', r));
  try {
    await expect(async () => {
      const res = await fetch(`http://localhost:${PORT}/api/health`);
      expect(await res.json()).toMatchObject({
        status: 'ok',
        db: 'ok',
        stripe: { mode: 'emulator', reachable: true },
        worker: { running: true },
      });
      expect(res.status).toBe(200);
    }).toPass({ timeout: 60_000 });
    await page.goto(`http://localhost:${PORT}/`);
    await expect(page.getByRole('heading', { name: 'Take payments you can trust.' })).toBeVisible();
    await expect(page.getByText('Demo — no real charges')).toBeVisible();
  } finally {
    process.kill(-child.pid!, 'SIGTERM');
    await exited;
    await dropDatabase(server, 'paydeck_start_smoke');
    rmSync(EMULATOR_DATA, { force: true });
  }
});
