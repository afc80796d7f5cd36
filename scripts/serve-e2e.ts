// Playwright's webServer: the production build (`next build` ran first) on http://localhost:3100
// with a fresh database (on DATABASE_URL's server, or an embedded PostgreSQL), demo data, and
// its own Stripe emulator, so e2e runs never touch development data.
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync } from 'node:fs';
import { run, onShutdown } from './lib/children';
import { ensureDatabase } from './lib/databases';
import { E2E_EMULATOR_URL, E2E_PORT, e2eDatabaseName, e2eDatabaseUrl, e2eEmbedded } from './lib/e2e-config';
import { startEmbeddedPostgres } from './lib/embedded-postgres';
import { ensureEmulator } from './lib/emulator';
import { prepareDatabase } from './lib/prepare-database';
import { withAppEnv } from './lib/app-services';
import { seedCatalog } from '@/lib/billing/catalog-seed';
import { announceNode } from './lib/node-version';

announceNode('e2e stack');
const PORT = E2E_PORT;
const EMULATOR_URL = E2E_EMULATOR_URL;
const stops: (() => Promise<void>)[] = [];

let serverUrl = process.env.DATABASE_URL;
if (!serverUrl) {
  const pg = await startEmbeddedPostgres({ dir: e2eEmbedded().dir, port: e2eEmbedded().port });
  stops.unshift(pg.stop);
  serverUrl = pg.url();
}
await ensureDatabase(serverUrl, e2eDatabaseName(), { recreate: true });
const databaseUrl = e2eDatabaseUrl();
await prepareDatabase(databaseUrl, { seed: true });

// With STRIPE_WEBHOOK_SECRET set the app verifies with it, so the emulator must sign with it too (the first during rotation).
const webhookSecret = process.env.STRIPE_WEBHOOK_SECRET?.split(',')[0]?.trim();
const emulator = await ensureEmulator(
  EMULATOR_URL,
  webhookSecret ? { webhookUrl: `http://localhost:${PORT}/api/webhooks/stripe`, webhookSecret } : {},
);
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

// Benchmarks may run the job workers as their own processes (the scale-out shape): E2E_WORKERS=N.
const workerCount = Number(process.env.E2E_WORKERS ?? 0);
if (workerCount > 0) appEnv.WORKER = 'external';
for (let i = 0; i < workerCount; i++) {
  const worker = run(process.execPath, ['--import', 'tsx', '--conditions=react-server', 'scripts/worker.ts'], {
    env: { ...process.env, ...appEnv },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  stops.unshift(async () => {
    worker.child.kill('SIGTERM');
    await worker.exited;
  });
}

const next = run('node_modules/.bin/next', ['start', '--port', String(PORT)], {
  // Without STRIPE_WEBHOOK_SECRET the app registers its webhook endpoint with the emulator at start-up.
  env: { ...process.env, ...appEnv, NEXT_MANUAL_SIG_HANDLE: 'true' },
  stdio: ['ignore', 'pipe', 'pipe'],
});
// Everything the app logs is kept per port, so `npm run pci:check` can scan it for card numbers.
mkdirSync('.data/e2e-logs', { recursive: true });
const appLog = createWriteStream(`.data/e2e-logs/app-${PORT}.log`, { flags: 'w' });
next.child.stdout?.on('data', (chunk: Buffer) => {
  process.stdout.write(chunk);
  appLog.write(chunk);
});
next.child.stderr?.on('data', (chunk: Buffer) => {
  process.stderr.write(chunk);
  appLog.write(chunk);
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
