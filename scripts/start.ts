// `npm start`: the production server. Applies pending migrations (under a lock, so several
// instances may start at once), starts the emulator only when STRIPE_MODE=emulator is set
// explicitly and none answers, then runs `next start`.
import { migrateDatabase } from '@/db/migrate';
import { envOrExit } from '@/lib/env';
import { run, onShutdown } from './lib/children';
import { ensureEmulator } from './lib/emulator';
import { announceNode } from './lib/node-version';

announceNode('paydeck start');
const env = envOrExit();
const url = env.databaseUrl;
if (!url) {
  console.error('Invalid environment: DATABASE_URL is required to start; set it to your PostgreSQL URL.');
  process.exit(1);
}
await migrateDatabase(url);
const emulator =
  env.stripe.mode === 'emulator'
    ? await ensureEmulator(env.stripe.emulatorUrl, { dataFile: process.env.STRIPE_EMULATOR_DATA ?? '.data/emulator.json' })
    : undefined;
const next = run('node_modules/.bin/next', ['start', '--port', process.env.PORT ?? '3000'], {
  // lib/jobs/in-process.ts then handles SIGTERM: the worker drains before the process exits.
  env: { ...process.env, NEXT_MANUAL_SIG_HANDLE: 'true' },
});
onShutdown(async () => {
  next.child.kill('SIGTERM');
  await next.exited;
  await emulator?.stop?.();
});
const code = await next.exited;
await emulator?.stop?.();
process.exit(code);
