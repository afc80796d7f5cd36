// `npm run dev`: the whole app on http://localhost:3000 with nothing installed but Node —
// an embedded PostgreSQL unless DATABASE_URL is set, the Stripe emulator unless Stripe keys
// are set (or one already answers), migrations, demo data, then `next dev`.
import { envOrExit } from '@/lib/env';
import { announceNode } from './lib/node-version';
import { DEMO_ACCOUNTS } from '@/db/seed';
import { run, onShutdown } from './lib/children';
import { ensureDatabase } from './lib/databases';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './lib/embedded-postgres';
import { prepareDatabase } from './lib/prepare-database';
import { ensureEmulator } from './lib/emulator';
import { withAppEnv } from './lib/app-services';
import { seedCatalog } from '@/lib/billing/catalog-seed';

announceNode('paydeck dev');

const PORT = Number(process.env.PORT ?? 3000);
// Where the embedded database lives; overridable so a smoke test never touches your dev data.
const PG_DIR = process.env.DEV_PG_DIR ?? '.data/postgres';
const PG_PORT = Number(process.env.DEV_PG_PORT ?? 54329);
const env = envOrExit();
const stops: (() => Promise<void>)[] = [];

let databaseUrl = env.databaseUrl;
let embedded: EmbeddedDatabase | undefined;
if (!databaseUrl) {
  console.log(`› starting embedded PostgreSQL (${PG_DIR}, port ${PG_PORT})…`);
  embedded = await startEmbeddedPostgres({ dir: PG_DIR, port: PG_PORT });
  stops.unshift(() => embedded!.stop());
  await ensureDatabase(embedded.url(), 'paydeck');
  databaseUrl = embedded.url('paydeck');
} else {
  await ensureDatabase(databaseUrl, new URL(databaseUrl).pathname.slice(1) || 'postgres');
}
console.log('› applying migrations and demo data…');
await prepareDatabase(databaseUrl, { seed: true });

const emulator =
  env.stripe.mode === 'emulator'
    ? await ensureEmulator(env.stripe.emulatorUrl, { dataFile: process.env.STRIPE_EMULATOR_DATA ?? '.data/emulator.json' })
    : undefined;
if (emulator?.stop) stops.unshift(emulator.stop);
if (emulator) {
  console.log('› seeding the demo catalogue into the emulator…');
  await withAppEnv({ DATABASE_URL: databaseUrl }, () => seedCatalog());
}

const next = run('node_modules/.bin/next', ['dev', '--port', String(PORT)], {
  env: { ...process.env, DATABASE_URL: databaseUrl, NODE_ENV: 'development', APP_URL: process.env.APP_URL ?? `http://localhost:${PORT}` },
});
stops.unshift(async () => {
  next.child.kill('SIGTERM');
  await next.exited;
});

console.log(`
  Paydeck → http://localhost:${PORT}   (Stripe: ${env.stripe.mode}${emulator ? ` at ${env.stripe.emulatorUrl}` : ''})
  Demo accounts:
${DEMO_ACCOUNTS.map((a) => `    ${a.role.padEnd(5)}  ${a.email}  /  ${a.password}`).join('\n')}
`);

let stopping: Promise<void> | undefined;
// Once, whichever comes first: Ctrl-C, or Next.js exiting by itself.
function stopAll(): Promise<void> {
  stopping ??= (async () => {
    for (const stop of stops) await stop().catch((err: unknown) => console.error(err));
  })();
  return stopping;
}
onShutdown(stopAll);
const code = await next.exited;
await stopAll();
process.exit(code);
