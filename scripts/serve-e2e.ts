// Playwright's webServer: the production build (`next build` ran first) on http://localhost:3100
// with a fresh database (on DATABASE_URL's server, or an embedded PostgreSQL), demo data, and
// its own Stripe emulator, so e2e runs never touch development data.
import { randomBytes } from 'node:crypto';
import { run, onShutdown } from './lib/children';
import { ensureDatabase, withDatabase } from './lib/databases';
import { startEmbeddedPostgres } from './lib/embedded-postgres';
import { ensureEmulator } from './lib/emulator';
import { prepareDatabase } from './lib/prepare-database';
import { withAppEnv } from './lib/app-services';
import { seedCatalog } from '@/lib/billing/catalog-seed';

// Overridable so several e2e runs can share a machine.
const PORT = Number(process.env.E2E_PORT ?? 3100);
const EMULATOR_URL = `http://127.0.0.1:${process.env.E2E_EMULATOR_PORT ?? 12112}`;
const DATABASE = `paydeck_e2e_${PORT}`;
const stops: (() => Promise<void>)[] = [];

let serverUrl = process.env.DATABASE_URL;
if (!serverUrl) {
  const pg = await startEmbeddedPostgres({ dir: `.data/e2e-postgres-${PORT}`, port: PORT + 51231 });
  stops.unshift(pg.stop);
  serverUrl = pg.url();
}
await ensureDatabase(serverUrl, DATABASE, { recreate: true });
const databaseUrl = withDatabase(serverUrl, DATABASE);
await prepareDatabase(databaseUrl, { seed: true });

const emulator = await ensureEmulator(EMULATOR_URL);
if (emulator.stop) stops.unshift(emulator.stop);
const appEnv: Record<string, string> = {
  NODE_ENV: 'production',
  DATABASE_URL: databaseUrl,
  STRIPE_MODE: 'emulator',
  STRIPE_EMULATOR_URL: EMULATOR_URL,
  APP_URL: `http://localhost:${PORT}`,
  AUTH_SECRET: randomBytes(32).toString('base64url'),
  AUTH_URL: `http://localhost:${PORT}`,
  APP_ENCRYPTION_KEYS: `e2e1:${randomBytes(32).toString('base64')}`,
  // Fresh rate-limit counters per run (CI shares one Redis between runs).
  RATE_LIMIT_NAMESPACE: `e2e-${randomBytes(4).toString('hex')}`,
};
await withAppEnv(appEnv, () => seedCatalog());

const next = run('node_modules/.bin/next', ['start', '--port', String(PORT)], {
  // The app registers its webhook endpoint with the emulator at start-up (no STRIPE_WEBHOOK_SECRET).
  env: { ...process.env, ...appEnv, NEXT_MANUAL_SIG_HANDLE: 'true' },
});
stops.unshift(async () => {
  next.child.kill('SIGTERM');
  await next.exited;
});

async function stopAll() {
  for (const stop of stops) await stop().catch((err: unknown) => console.error(err));
}
onShutdown(stopAll);
const code = await next.exited;
await stopAll();
process.exit(code);
